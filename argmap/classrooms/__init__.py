"""Classes, their members, and the one module that decides who may do what."""
