from overleg.cli import main

raise SystemExit(main())
