"""The classroom app: two runs in lockstep in the browser, in English or Chinese.

``govsim app`` serves :mod:`govsim.app.page` offline with Solara. The modules:
:mod:`~govsim.app.lockstep` (the two runs as one Mesa model),
:mod:`~govsim.app.presets` (status quo, levels, lessons),
:mod:`~govsim.app.session` (what a session builds and shows),
:mod:`~govsim.app.plots`, :mod:`~govsim.app.street` and :mod:`~govsim.app.live`
(the figures, drawn fast), :mod:`~govsim.app.info` (the Info panel),
:mod:`~govsim.app.export` (files of what is on screen) and
:mod:`~govsim.app.server` (starting the server). Importing this package is
cheap; Solara loads with the page.
"""
