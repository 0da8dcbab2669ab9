"""`python -m pipeline` runs the zhaimao command."""

from .cli import main

main()
