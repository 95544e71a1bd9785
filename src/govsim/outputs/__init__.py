"""What people read: the house figure style, labels, figures, the HTML report, text tables.

Everything here reads analysis tables, never a live model or the result store.
"""
