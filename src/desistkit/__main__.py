from desistkit.cli import program

program()
