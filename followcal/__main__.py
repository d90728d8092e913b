from followcal.cli import main

main(prog_name="followcal")
