from antrian.cli import main

main()
