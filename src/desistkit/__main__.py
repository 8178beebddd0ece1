from desistkit.cli import run

run()
