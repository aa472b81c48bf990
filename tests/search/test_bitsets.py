"""Id sets as integers (``search.bitsets``), checked against Python's own sets."""

import random
from itertools import combinations

import pytest

from search import bitsets


def test_ids_go_in_and_come_out_in_order():
    ids = [0, 7, 8, 9, 63, 64, 1000, 26419]
    mask = bitsets.from_ids(reversed(ids))
    assert bitsets.to_ids(mask) == ids
    assert mask.bit_count() == len(ids)
    assert bitsets.contains(mask, 1000) and not bitsets.contains(mask, 999)
    assert bitsets.from_ids([]) == 0 and bitsets.to_ids(0) == []


@pytest.mark.parametrize("seed", range(20))
def test_at_least_k_of_n_agrees_with_sets(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 8)
    sets = [set(rng.sample(range(300), rng.randint(0, 120))) for _ in range(n)]
    masks = [bitsets.from_ids(s) for s in sets]
    for k in range(1, n + 1):
        expected = set().union(*(set.intersection(*combo) for combo in combinations(sets, k)))
        assert bitsets.to_ids(bitsets.at_least(masks, k)) == sorted(expected)


@pytest.mark.parametrize("k", [0, 4])
def test_at_least_refuses_an_impossible_count(k):
    with pytest.raises(ValueError):
        bitsets.at_least([1, 2, 3], k)
