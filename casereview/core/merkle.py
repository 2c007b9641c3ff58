"""The hashes that make the audit log tamper-evident, with nothing of Django.

Leaves and batches follow RFC 9162 (Certificate Transparency 2.0) §2.1.1: a leaf is hashed as
SHA-256(0x00 ‖ data) and an inner node as SHA-256(0x01 ‖ left ‖ right), so no leaf can pass
for a node. The sealer puts each batch of entries into one Merkle tree and chains the
batches: the log's head after a batch is SHA-256(0x02 ‖ previous head ‖ batch root ‖ size),
size being the number of entries sealed up to and including the batch (8 bytes, big-endian).

A checkpoint is a (size, head) pair. The proof that today's log still begins with the
checkpointed one is the batch roots sealed since, with their sizes: folding them onto the
checkpoint's head must give today's head (`verify_consistency`). Anyone holding the two
heads can check it without the database."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

GENESIS_HEAD = "0" * 64
EMPTY_ROOT = hashlib.sha256(b"").hexdigest()  # RFC 9162: the hash of an empty tree


@dataclass(frozen=True)
class TreeHead:
    """The log as it stood after `size` sealed entries."""

    size: int
    head: str


@dataclass(frozen=True)
class BatchStep:
    """One sealed batch, as a consistency proof lists it."""

    batch_root: str
    tree_size: int


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(leaves: Sequence[bytes]) -> str:
    """RFC 9162's Merkle Tree Hash over leaf hashes, computed level by level: pairing
    neighbours and promoting an odd last node unchanged gives the same tree as splitting at
    the largest power of two below n."""
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        paired = [_node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


def next_head(previous_head: str, batch_root: str, tree_size: int) -> str:
    data = b"\x02" + bytes.fromhex(previous_head) + bytes.fromhex(batch_root)
    return hashlib.sha256(data + tree_size.to_bytes(8, "big")).hexdigest()


def verify_consistency(old: TreeHead, new: TreeHead, proof: Sequence[BatchStep]) -> bool:
    """Whether `new` extends `old`: the proof's batches, folded onto the old head in order,
    must reach the new head at the new size, growing all the way."""
    head, size = old.head, old.size
    for step in proof:
        if step.tree_size <= size:
            return False
        head, size = next_head(head, step.batch_root, step.tree_size), step.tree_size
    return (size, head) == (new.size, new.head)
