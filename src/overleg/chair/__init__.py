"""The chair service: the use cases of a chair, for the CLI and every screen, without Textual.

- `service`: `Service` (agendas, meetings kept, one found by name, exports, actions).
- `meeting`: `Chair` (one meeting: start it, run a command, finish it) and its `Minutes`.
- `commands`: the table of the chair's commands and when each applies.
- `outcome`: what a command says back (done, refused, a question first).
- `views`: frozen views of the meeting's state, one per panel of a screen.
- `demo`: a scripted meeting held through the service's layers, without a screen.

Nothing is imported here, so `overleg check` does not load the engine it does not need.
"""
