"""Data for trying the product out and for load tests: the demo partnerships, people and
cases (`casereview demo`) and the synthetic histories at county scale (`casereview
seed_bench`). It stands above every product app and none of them imports it."""
