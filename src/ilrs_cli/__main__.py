"""``python -m ilrs_cli``: the same as the ``ilrs`` command."""

from ilrs_cli.launch import main

if __name__ == "__main__":
    main()
