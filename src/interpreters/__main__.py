from interpreters.cli import main

main()
