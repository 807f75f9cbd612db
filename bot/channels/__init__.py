"""Rasa input and output channels for messaging apps, each verifying its platform's signature."""
