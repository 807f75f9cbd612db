"""Side-by-side benchmark of this assistant against a stock Rasa 3.6 assistant (`make bench`)."""
