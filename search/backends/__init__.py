"""Search backends behind :mod:`search.services`; views never import from here."""
