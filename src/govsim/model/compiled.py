"""Compiled loops of the monthly kernels (numba), each giving numpy's numbers bit for bit.

At sweep sizes (a few thousand residents) a month of numpy is some hundreds of
calls on short arrays, and their fixed cost, not the arithmetic, is most of a
run. These loops do the same arithmetic in one pass each: every expression is
written in the order numpy evaluated it (``a * w + (1 - w) * b`` stays so), sums
are numpy's pairwise sums (:func:`pairwise_sum`), and nothing here draws a
random number (draws stay with the model's generators). tests/test_compiled.py
holds each loop to its numpy definition, and the golden baseline did not change.

Compiled once per machine (about 10 s, on the first run): numba keeps the
machine code beside this file, or in the user's cache folder where that is
read-only; where neither can be written, each process compiles its own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit, uint64

__all__ = [
    "UNROLL",
    "account",
    "choose",
    "count_peers",
    "learn_from_services",
    "pairwise_sum",
    "plan",
    "revisers",
    "social_identity_efficacy",
    "tally",
    "top_sets",
    "utilities",
]


def _jit(func: Callable) -> Callable:
    """``func`` compiled, its machine code kept on disk where a cache folder can be written."""
    try:
        return njit(cache=True)(func)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        return njit(func)


#: numpy's block for pairwise summation (``PW_BLOCKSIZE`` in its loops).
_BLOCK = 128

#: numpy adds runs shorter than this one value after another (eight partial sums above).
UNROLL = 8

#: Most buckets of the range of scores in which :func:`_kth_largest` first looks
#: for the k-th score (its cost only: any scores give the exact value).
_BUCKETS = 4096


@_jit
def pairwise_sum(a: np.ndarray, lo: int, n: int) -> float:
    """``np.add.reduce(a[lo:lo + n])`` for a contiguous float64 run, bit for bit.

    numpy adds a run to its 0.0 in blocks: eight interleaved partial sums
    within 128 values, halves (at a multiple of 8) above; this is its order.
    """
    return 0.0 + _pairwise(a, lo, n)


@_jit
def _pairwise(a: np.ndarray, lo: int, n: int) -> float:
    """The pairwise sum numpy gives ``a[lo:lo + n]``: halves at a multiple of 8, down to blocks.

    The halving is numpy's recursion, walked with a stack of its own (numba's
    cache mishandles recursive functions: a cached caller crashed on loading).
    """
    if n <= _BLOCK:
        return _block(a, lo, n)
    starts, sizes = np.empty(64, np.int64), np.empty(64, np.int64)  # depth < 64 for any n
    lefts, stage = np.empty(64), np.zeros(64, np.int64)
    top, starts[0], sizes[0] = 0, lo, n
    result = 0.0
    while True:
        start, size = starts[top], sizes[top]
        half = size // 2
        half -= half % 8
        if stage[top] == 0:  # first the left half
            stage[top] = 1
            if half > _BLOCK:
                top += 1
                starts[top], sizes[top], stage[top] = start, half, 0
                continue
            result = _block(a, start, half)
        if stage[top] == 1:  # the left half's sum is in: then the right half
            lefts[top], stage[top] = result, 2
            if size - half > _BLOCK:
                top += 1
                starts[top], sizes[top], stage[top] = start + half, size - half, 0
                continue
            result = _block(a, start + half, size - half)
        result = lefts[top] + result  # both halves in
        if top == 0:
            return result
        top -= 1


@_jit
def _block(a: np.ndarray, lo: int, n: int) -> float:
    """Sum as numpy adds a run of up to 128: eight interleaved partial sums (fewer: in order)."""
    if n < UNROLL:
        res = -0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    while i < n - n % 8:
        j = lo + i
        r0 += a[j]
        r1 += a[j + 1]
        r2 += a[j + 2]
        r3 += a[j + 3]
        r4 += a[j + 4]
        r5 += a[j + 5]
        r6 += a[j + 6]
        r7 += a[j + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@_jit
def top_sets(
    need: np.ndarray,
    bounds: np.ndarray,
    contact: np.ndarray,
    community: np.ndarray,
    domain: np.ndarray,
    knowledge: np.ndarray,
    counts: np.ndarray,
    todo: np.ndarray,
    picks: np.ndarray,
    offsets: np.ndarray,
) -> None:
    """Each order's residents: the ``counts`` best scores of its community, ties to the lower index.

    An order with knowledge ``w`` scores a resident ``need * w + (1 - w) * contact``.
    Writes, for the orders ``todo``, their chosen residents (indices in the
    community, ascending) to ``picks[offsets[o]:offsets[o] + counts[o]]``.
    The k-th score is found among the scores of its bucket of their range
    only (:func:`_kth_largest`), then every score above it, and as many equal
    to it as the set still lacks, are taken in index order.

    Args:
        need: (domains, residents) needs, each domain a contiguous row.
        bounds: start of each community, then the number of residents.
        contact: this month's contact per resident.
        community: each order's community.
        domain: each order's domain.
        knowledge: each provider's knowledge of needs.
        counts: how many residents each order serves (at most its community).
        todo: which orders to serve here (the others are found elsewhere).
        picks: output, the residents of all orders one after another.
        offsets: where each order's residents start in ``picks``.
    """
    score, bucket, members = np.empty(0), np.empty(0, np.uint16), np.empty(0)
    chosen = np.empty(0, np.int64)
    for o in todo:
        lo, hi = bounds[community[o]], bounds[community[o] + 1]
        size, k, out = hi - lo, counts[o], offsets[o]
        if k >= size:
            picks[out : out + size] = np.arange(size)
            continue
        if score.size < size:
            score, bucket, members = np.empty(size), np.empty(size, np.uint16), np.empty(size)
            chosen = np.empty(size + 1, np.int64)
        w, row = knowledge[o], need[domain[o]]
        low = high = row[lo] * w + (1.0 - w) * contact[lo]
        for j in range(size):
            s = row[lo + j] * w + (1.0 - w) * contact[lo + j]
            score[j] = s
            low, high = min(low, s), max(high, s)
        kth, above = _kth_largest(score, size, k, low, high, bucket, members)
        ties = k - above  # the k-th score's equals that are served: the first ones
        c = 0
        for j in range(size):  # in index order, without a branch to mispredict
            s = score[j]
            tie = s == kth
            take = (s > kth) | (tie & (ties > 0))
            chosen[c] = j
            c += take
            ties -= tie & take
        picks[out : out + k] = chosen[:k]


@_jit
def _kth_largest(
    score: np.ndarray,
    n: int,
    k: int,
    low: float,
    high: float,
    bucket: np.ndarray,
    members: np.ndarray,
) -> tuple[float, int]:
    """The ``k``-th largest of ``score[:n]``, and how many scores are larger.

    The range of the scores (``low`` to ``high``, their least and greatest) is
    cut into buckets; a count of each bucket's scores tells which bucket holds
    the ``k``-th, and only that bucket's scores are ranked
    (:func:`_kth_smallest`). ``bucket`` (16-bit) and ``members`` are scratch
    space of at least ``n``.
    """
    if not high > low:
        return high, 0
    buckets = max(16, min(n // 4, _BUCKETS))
    scale = buckets / (high - low)
    if not scale < np.inf:  # a range too narrow to divide: one bucket
        scale = 0.0
    held = np.zeros(buckets, np.int64)
    for j in range(n):
        b = min(int((score[j] - low) * scale), buckets - 1)  # monotone in the score
        bucket[j] = b
        held[b] += 1
    above, b = 0, buckets - 1
    while above + held[b] < k:
        above += held[b]
        b -= 1
    m = 0
    for j in range(n):  # the bucket's scores, without a branch to mispredict
        members[m] = score[j]
        m += bucket[j] == b
    kth = _kth_smallest(members, m, m - (k - above))
    for x in range(m):
        above += members[x] > kth
    return kth, above


@_jit
def _range(score: np.ndarray, n: int) -> tuple[float, float]:
    """The least and the greatest of ``score[:n]``."""
    low = high = score[0]
    for j in range(n):
        low = min(low, score[j])
        high = max(high, score[j])
    return low, high


@_jit
def _kth_smallest(values: np.ndarray, n: int, k: int) -> float:
    """The ``k``-th smallest (from 0) of ``values[:n]``, which it reorders.

    Quickselect with a three-way split, so that many equal values (needs of
    exactly 0 or 1) take one pass rather than many.
    """
    lo, hi = 0, n
    while True:
        x, y, z = values[lo], values[(lo + hi) >> 1], values[hi - 1]
        pivot = max(min(x, y), min(max(x, y), z))  # the median of the three
        lt, i, gt = lo, lo, hi
        while i < gt:
            v = values[i]
            if v < pivot:
                values[i] = values[lt]
                values[lt] = v
                lt += 1
                i += 1
            elif v > pivot:
                gt -= 1
                values[i] = values[gt]
                values[gt] = v
            else:
                i += 1
        if k < lt:
            hi = lt
        elif k >= gt:
            lo = gt
        else:
            return pivot


@_jit
def plan(capacity: np.ndarray, community: np.ndarray, sizes: np.ndarray) -> tuple:
    """How many residents each order serves (its capacity, at most its community), and where.

    Returns:
        (counts, offsets, total): per order, residents served (0 for an order
        with no capacity or in an empty community) and where they start in one
        array of all orders' residents; that array's length.
    """
    counts = np.zeros(capacity.size, np.int64)
    offsets = np.zeros(capacity.size, np.int64)
    total = 0
    for o in range(capacity.size):
        size = sizes[community[o]]
        if capacity[o] > 0 and size > 0:
            counts[o] = min(capacity[o], size)
        offsets[o] = total
        total += counts[o]
    return counts, offsets, total


@_jit
def account(
    need: np.ndarray,
    bounds: np.ndarray,
    best_need: np.ndarray,
    community: np.ndarray,
    domain: np.ndarray,
    quality: np.ndarray,
    by_organization: np.ndarray,
    counts: np.ndarray,
    offsets: np.ndarray,
    picks: np.ndarray,
    step: int,
    served: np.ndarray,
    last_served: np.ndarray,
    experience: np.ndarray,
    org_experience: np.ndarray,
    awareness: np.ndarray,
) -> tuple:
    """What the orders delivered, and its mark on the residents served.

    A served resident's experience is ``sqrt(quality * need)``; each keeps the
    best of the month (and of organizations'), those served by an organization
    become aware of them. Each order's sums are added in its residents' order
    (``picks``, ascending), as ``np.add.reduce`` of the order's own run.

    Args:
        need: (domains, residents) needs.
        bounds: start of each community, then the number of residents.
        best_need: per community run and domain, the cumulative sum of needs
            from the largest (``ResidentState.best_need``).
        community: each order's community.
        domain: each order's domain.
        quality: each order's quality of service.
        by_organization: whether a social organization serves the order.
        counts: how many residents each order serves (0: none).
        offsets: where each order's residents start in ``picks``.
        picks: each order's residents in its community, orders one after another.
        step: this month.
        served: residents served this month (updated).
        last_served: the month each resident was last served (updated).
        experience: each resident's best experience this month (updated).
        org_experience: the same from organizations' services (updated).
        awareness: awareness of organizations (updated).

    Returns:
        Per order: services, summed need met, the most need as many services
        could have met, summed quality, summed experience (the columns of
        ``kernels.Deliveries``).
    """
    n = counts.size
    services = np.zeros(n, np.int64)
    match_sum, best_sum, quality_sum, experience_sum = (
        np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    )  # fmt: skip
    match = np.empty(picks.size)
    felt = np.empty(picks.size)
    for o in range(n):
        k = counts[o]
        if k == 0:
            continue
        at, start = offsets[o], bounds[community[o]]
        row, q, org = need[domain[o]], quality[o], by_organization[o]
        for i in range(at, at + k):
            r = start + picks[i]
            m = row[r]
            e = np.sqrt(q * m)
            match[i], felt[i] = m, e
            served[r] = True
            last_served[r] = step
            if not experience[r] >= e:
                experience[r] = e
            if org:
                if not org_experience[r] >= e:
                    org_experience[r] = e
                awareness[r] = 1.0
        services[o] = k
        match_sum[o] = pairwise_sum(match, at, k)
        best_sum[o] = best_need[start + k - 1, domain[o]]
        quality_sum[o] = q * k
        experience_sum[o] = pairwise_sum(felt, at, k)
    return services, match_sum, best_sum, quality_sum, experience_sum


@_jit
def learn_from_services(
    served: np.ndarray,
    needy: np.ndarray,
    experience: np.ndarray,
    org_experience: np.ndarray,
    satisfaction: np.ndarray,
    trust: np.ndarray,
    learning: float,
    unmet_learning: float,
    unmet_level: float,
) -> None:
    """Satisfaction and trust move toward this month's experience (see ``kernels._experience``)."""
    unmet_rate = unmet_learning * learning
    for i in range(served.size):
        if served[i]:
            weight, pull = learning, experience[i]
        else:
            weight, pull = (unmet_rate if needy[i] else 0.0), unmet_level
        satisfaction[i] += (pull - satisfaction[i]) * weight
        seen = org_experience[i]
        trust[i] += (seen - trust[i]) * (learning * (1.0 if seen >= 0.0 else 0.0))


@_jit
def social_identity_efficacy(
    indptr: np.ndarray,
    indices: np.ndarray,
    inv_degree: np.ndarray,
    trust: np.ndarray,
    awareness: np.ndarray,
    identity: np.ndarray,
    identity_base: np.ndarray,
    efficacy: np.ndarray,
    state: np.ndarray,
    community: np.ndarray,
    efficacy_target: np.ndarray,
    coefficients: np.ndarray,
) -> None:
    """Word of mouth, forgetting, disclosure, identity and efficacy, resident by resident.

    The arithmetic of ``kernels._social_identity_efficacy`` in its order. Each
    resident's neighbour means of trust and awareness are its row of the 0/1
    graph (``indptr``, ``indices``) added in the order of its ties from 0.0, as
    scipy's product adds them, times ``1 / degree``, over the values as they
    were before this pass (a copy, side by side so that a neighbour's two
    values come in one cache line).

    ``coefficients`` holds, in this order: word of mouth, what awareness keeps
    (1 - forgetting), disclosure's pull on awareness and on trust (0 without
    disclosure), the reputation it shows, identity decay, the identity gain of
    participants and of others, efficacy's rate, and the state from which a
    resident takes part.
    """
    word, keep, to_aware, to_trust, reputation = coefficients[:5]
    decay, gain_in, gain_out, rate, taking_part = coefficients[5:]
    disclosed = to_aware != 0.0 or to_trust != 0.0
    n = trust.size
    before = np.empty(2 * n)
    for i in range(n):
        before[2 * i], before[2 * i + 1] = trust[i], awareness[i]
    for i in range(n):
        sum_trust = sum_awareness = 0.0
        for jj in range(indptr[i], indptr[i + 1]):
            # unsigned: no test for a negative index on every tie
            j = uint64(indices[jj]) * uint64(2)
            sum_trust += before[j]
            sum_awareness += before[j + uint64(1)]
        w = word if indptr[i + 1] > indptr[i] else 0.0
        t = trust[i]
        t += w * (sum_trust * inv_degree[i] - t)
        a = awareness[i]
        gap = sum_awareness * inv_degree[i] - a
        a += w * (gap if gap >= 0.0 else 0.0)
        a *= keep
        if disclosed:
            a += to_aware * (1.0 - a)
            t += to_trust * (reputation - t)
        trust[i], awareness[i] = t, a
        d = identity[i]
        d += decay * (identity_base[i] - d)
        d += (gain_in if state[i] >= taking_part else gain_out) * (1.0 - d)
        identity[i] = d
        e = efficacy[i]
        efficacy[i] = e + (efficacy_target[community[i]] - e) * rate


@_jit
def count_peers(
    indptr: np.ndarray,
    indices: np.ndarray,
    participating: np.ndarray,
    counted: np.ndarray,
    peers: np.ndarray,
) -> None:
    """Bring the counts of neighbours taking part up to date (exact integers).

    Each resident whose taking part changed since ``counted`` adds one to (or
    removes one from) each neighbour's count; ``counted`` becomes ``participating``.
    """
    for i in range(participating.size):
        if participating[i] != counted[i]:
            change = 1 if participating[i] else -1
            for jj in range(indptr[i], indptr[i + 1]):
                peers[uint64(indices[jj])] += change
            counted[i] = participating[i]


@_jit
def revisers(draw: np.ndarray, rate: float) -> np.ndarray:
    """The residents whose draw falls below the revision rate, in index order."""
    return np.flatnonzero(draw < rate)


@_jit
def utilities(
    who: np.ndarray,
    weights: np.ndarray,
    identity: np.ndarray,
    trust: np.ndarray,
    peers: np.ndarray,
    inv_degree: np.ndarray,
    efficacy: np.ndarray,
    awareness: np.ndarray,
) -> np.ndarray:
    """The revising residents' utility of taking part, added in ``kernels._participation``'s order.

    ``weights``: base utility minus cost, then the weights of identity, trust,
    the share of neighbours taking part, efficacy and awareness.
    """
    base, w_identity, w_trust, w_peer, w_efficacy, w_awareness = weights
    out = np.empty(who.size)
    for x in range(who.size):
        i = who[x]
        u = base + w_identity * identity[i]
        u += w_trust * trust[i]
        u += w_peer * (peers[i] * inv_degree[i])
        u += w_efficacy * efficacy[i]
        out[x] = u + w_awareness * awareness[i]
    return out


@_jit
def choose(
    state: np.ndarray,
    last_served: np.ndarray,
    served_since: int,
    who: np.ndarray,
    joins: np.ndarray,
    volunteers: np.ndarray,
) -> None:
    """Residents' new participation states (codes of ``population.State``).

    Those not taking part are service users if served after ``served_since``,
    inactive otherwise; then the revising residents ``who`` take part
    (``joins``), as volunteers or not, or fall back to that.
    """
    for i in range(state.size):
        if state[i] <= 1:
            state[i] = 1 if last_served[i] > served_since else 0
    for x in range(who.size):
        i = who[x]
        if joins[x]:
            state[i] = 3 if volunteers[x] else 2
        else:
            state[i] = 1 if last_served[i] > served_since else 0


@_jit
def pruned_sets(
    need: np.ndarray,
    contact: np.ndarray,
    by_contact: np.ndarray,
    place: np.ndarray,
    need_order: np.ndarray,
    need_negated: np.ndarray,
    domain: np.ndarray,
    knowledge: np.ndarray,
    counts: np.ndarray,
    widths: np.ndarray,
    picks: np.ndarray,
    offsets: np.ndarray,
) -> np.ndarray:
    """The sets of orders in one large community, each ranking only its likely residents.

    What :class:`~govsim.model.selection.Pruned` describes, for the community's
    orders at once: an order ranks the residents most in contact
    (``by_contact``, as far as its width, twice as far while those in need
    outnumber them) and those further on whose need could lift them to its
    k-th score; a bound then proves that nobody left out could reach that
    score (rounding being monotone). An order whose bound fails, or that
    needs more than ``by_contact`` holds, is declined: it must rank the whole
    community. Sets are exact (ties to the lower index), written ascending to
    ``picks[offsets[o]:]`` in the community's own indices.

    Args:
        need: (domains, residents) the community's needs.
        contact: the community's contact this month.
        by_contact: the residents most in contact, most first (one more than
            any order may look at: the last bounds all the others).
        place: each resident's place in ``by_contact`` (its size if not in it).
        need_order: per domain, the residents by need descending, ties by index.
        need_negated: per domain, minus their needs in that order (ascending).
        domain: each order's domain.
        knowledge: each order's knowledge ``w``.
        counts: how many residents each order serves.
        widths: how many residents most in contact each order starts from.
        picks: output, the residents of all orders one after another.
        offsets: where each order's residents start in ``picks``.

    Returns:
        Whether each order was declined.
    """
    declined = np.zeros(counts.size, dtype=np.bool_)
    longest, size = by_contact.size - 1, contact.size
    score, work = np.empty(size), np.empty(size)
    who, bucket = np.empty(size, np.int64), np.empty(size, np.uint16)
    # needs and contact of the residents most in contact, in that order: every
    # order of the community reads them, now as runs rather than scattered
    in_contact = np.empty(by_contact.size)
    for x in range(by_contact.size):
        in_contact[x] = contact[by_contact[x]]
    gathered = np.zeros(need.shape[0], dtype=np.bool_)
    need_in_contact = np.empty((need.shape[0], by_contact.size))
    for o in range(counts.size):
        d, w, k, out = domain[o], knowledge[o], counts[o], offsets[o]
        row, ranked, negated = need[d], need_order[d], need_negated[d]
        if w >= 1.0:  # the score is the need: the ranking's first k (ties by index too)
            picks[out : out + k] = np.sort(ranked[:k])
            continue
        width = min(widths[o], longest)
        if width < k:
            declined[o] = True
            continue
        if not gathered[d]:
            for x in range(by_contact.size):
                need_in_contact[d, x] = row[by_contact[x]]
            gathered[d] = True
        near = need_in_contact[d]
        done = 0
        while True:
            for x in range(done, width):
                score[x] = near[x] * w + (1.0 - w) * in_contact[x]
            done = width
            low, high = _range(score, width)
            kth = _kth_largest(score, width, k, low, high, bucket, work)[0]
            edge = in_contact[width]  # nobody further has more contact
            reach = (kth - (1.0 - w) * edge) / w if w > 0.0 else np.inf
            prefix = np.searchsorted(negated, -reach, side="right")
            if prefix <= width or width == longest:
                break
            width = min(2 * width, longest)  # as many in need as in contact: look further
        m = width
        who[:width] = by_contact[:width]
        for x in range(prefix):
            r = ranked[x]
            if place[r] >= width:  # not among those in contact already
                who[m] = r
                score[m] = row[r] * w + (1.0 - w) * contact[r]
                m += 1
        low, high = _range(score, m)
        kth = _kth_largest(score, m, k, low, high, bucket, work)[0]
        if prefix < size and not -negated[prefix] * w + (1.0 - w) * edge < kth:
            declined[o] = True
            continue
        _take_top(score, who, m, k, kth, picks[out : out + k])
    return declined


@_jit
def _take_top(
    score: np.ndarray, who: np.ndarray, m: int, k: int, kth: float, out: np.ndarray
) -> None:
    """The ``k`` of ``who[:m]`` with the highest ``score`` (ties to the lower index), ascending."""
    above = 0
    for x in range(m):
        above += score[x] > kth
    tied = np.empty(m - above, np.int64)
    c = t = 0
    for x in range(m):
        if score[x] > kth:
            out[c] = who[x]
            c += 1
        elif score[x] == kth:
            tied[t] = who[x]
            t += 1
    tied = np.sort(tied[:t])
    out[c:] = tied[: k - c]
    out.sort()


@_jit
def coverage_gini(
    served: np.ndarray, needy: np.ndarray, bounds: np.ndarray, needy_per_community: np.ndarray
) -> float:
    """``metrics.service_inequality``: the Gini of the served share of residents in need.

    Over communities with residents in need: each community's count of
    residents served and in need over its count in need, then ``metrics.gini``
    of those shares, with its sums and divisions in its order.
    """
    shares = np.empty(needy_per_community.size)
    n = 0
    for c in range(needy_per_community.size):
        if needy_per_community[c] > 0:
            count = 0
            for i in range(bounds[c], bounds[c + 1]):
                count += served[i] and needy[i]
            shares[n] = float(count) / needy_per_community[c]
            n += 1
    v = np.sort(shares[:n])
    total = pairwise_sum(v, 0, n)
    if total <= 0:
        return 0.0
    ranked = np.empty(n)
    for x in range(n):
        ranked[x] = (x + 1) * v[x]
    return (2 * pairwise_sum(ranked, 0, n)) / (n * total) - (n + 1) / n


@_jit
def tally(
    services: np.ndarray,
    match_sum: np.ndarray,
    best_sum: np.ndarray,
    quality_sum: np.ndarray,
    community: np.ndarray,
    comm_services: np.ndarray,
    comm_match: np.ndarray,
    totals: np.ndarray,
) -> int:
    """Add the month's deliveries to its records, order after order.

    ``totals`` (need met, the most that could have been met, quality) and each
    community's services and need met (``comm_services``, ``comm_match``) are
    added to in the order of the orders, one at a time, as adding each
    delivery did. Returns the services of all orders.
    """
    count = 0
    for o in range(services.size):
        count += services[o]
        totals[0] += match_sum[o]
        totals[1] += best_sum[o]
        totals[2] += quality_sum[o]
        comm_services[community[o]] += services[o]
        comm_match[community[o]] += match_sum[o]
    return count
