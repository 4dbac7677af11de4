from copyhound.cli import main

main()
