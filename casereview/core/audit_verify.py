"""Checking the audit log: every entry against its hash, every sealed batch against its
Merkle root, the chain of seals from the start, and optionally a signed checkpoint kept
outside the database (`audit_verify(checkpoint=...)`).

The seals' stored heads are not trusted: the heads are recomputed from the entries, so a
rewritten table with freshly computed seals still fails against a checkpoint taken before."""

from collections.abc import Callable
from dataclasses import dataclass

from casereview.core.audit_seal import EntryAltered, in_sealing_order, iter_rows, row_leaf
from casereview.core.merkle import GENESIS_HEAD, TreeHead, merkle_root, next_head
from casereview.core.models import AuditSeal


@dataclass(frozen=True)
class Verification:
    checked: int  # entries whose hash was checked
    sealed: int  # of which sealed
    problem: str | None  # the first problem found, naming the entry or batch

    @property
    def intact(self) -> bool:
        return self.problem is None


def _describe(seal: AuditSeal, first_size: int) -> str:
    return f"the batch of entries {first_size + 1:,}–{seal.tree_size:,} of the log"


def audit_verify(
    checkpoint: TreeHead | None = None, progress: Callable[[int], None] | None = None
) -> Verification:
    """Walk the whole log once, in sealing order. Stops at the first problem."""
    stream = iter_rows(in_sealing_order())
    pending = next(stream, None)
    head, size, checked = GENESIS_HEAD, 0, 0
    matched_checkpoint = checkpoint is None or checkpoint.size == 0

    def result(problem: str | None) -> Verification:
        return Verification(checked=checked, sealed=size, problem=problem)

    if checkpoint is not None and checkpoint.size == 0 and checkpoint.head != GENESIS_HEAD:
        return result("The checkpoint is of an empty log but names a head: it is not valid")
    try:
        for seal in AuditSeal.objects.order_by("tree_size").iterator(chunk_size=2000):
            leaves = []
            bound = (seal.last_key, seal.last_id)
            while pending is not None and (pending[0], pending[1]) <= bound:
                leaves.append(row_leaf(pending))
                checked += 1
                pending = next(stream, None)
            if progress is not None:
                progress(checked)
            where = _describe(seal, size)
            if size + len(leaves) != seal.tree_size or merkle_root(leaves) != seal.batch_root:
                return result(
                    f"Entries of {where} were altered, removed or added after it was sealed"
                )
            head, size = next_head(head, seal.batch_root, seal.tree_size), seal.tree_size
            if head != seal.head:
                return result(f"The seal of {where} was altered: its head does not follow")
            if checkpoint is not None and size >= checkpoint.size and not matched_checkpoint:
                if size != checkpoint.size or head != checkpoint.head:
                    return result(
                        f"The log no longer begins with the checkpointed log of "
                        f"{checkpoint.size:,} entries: it was rewritten"
                    )
                matched_checkpoint = True
        while pending is not None:  # not yet sealed: each still matches its own hash
            row_leaf(pending)
            checked += 1
            pending = next(stream, None)
    except EntryAltered as altered:
        return result(str(altered))
    if not matched_checkpoint:
        assert checkpoint is not None
        return result(
            f"The log has {size:,} sealed entries, fewer than the {checkpoint.size:,} of the "
            f"checkpoint: it was cut short"
        )
    return result(None)
