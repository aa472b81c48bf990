"""The citizen's own profile page (/tai-khoan/thong-tin/): what they may edit, and what the provider vouched for."""
