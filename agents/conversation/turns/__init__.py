"""The dialogue's parts: turn models, the intent table, and one handler module per agent.

`agents/conversation/dialogue.py` runs a turn; `table.py` declares every intent once (agent,
slots, tool and arguments, confirmation, refusal while moving, label, handler); the handlers
answer: `car_genius.py`, `cabin.py`, `actions.py` (remote commands and their yes/no),
`lists.py` (chargers, restaurants, refine, select), `trips.py`, `assistant.py`.
"""
