"""Test printouts of Forms 3, 4 and 5 made from ownership XML in other layouts, and the comparison of what a
reader read with the XML it was printed from."""
