"""Official papers of the one-stop counter as PDFs (Circular 01/2018/TT-VPCP, Mẫu 01 … Mẫu 05)."""
