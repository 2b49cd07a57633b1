"""The five documents, laid out from their content: each module has a Word function and an
Excel function, built from the same tables so the two always agree cell for cell."""
