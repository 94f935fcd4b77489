"""The proactive assistant: the car and the trip speak up at the right moments.

Triggers are read from the clock and the state (`triggers`), each occurrence named by a stable
id so it is told once; `monitor` evaluates them when the clock moves and at read time and
delivers the events into the chat sessions of the car; `messages` words them (speech, card,
actions); `demos` holds the scripted demo trips.
"""
