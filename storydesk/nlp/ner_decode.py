"""A faster greedy decoder for spaCy's transition-based NER, with the same arithmetic.

spaCy's NER (``TransitionBasedParser.v2`` with ``state_type = "ner"``) runs a token-by-token
loop in Cython: for every token of every doc it builds the state's three features, sums their
precomputed hidden vectors, applies the output layer, then asks each of the 18 actions whether
it is valid through a function pointer. Measured with ``py-spy --native`` on 400 scale-up
articles, that loop was 56% of the NER's CPU time and the validity checks alone 31%; most of
the rest is the model's own tok2vec and its precomputed first layer (docs/scaling.md, eighth
session).

Almost all of that work does not depend on the decoder's earlier choices. With no entity open,
the state's features are ``[token, none, none]``, so the scores at every token can be computed
for the whole batch in one matrix product, and so can the choice among the actions valid there
(O, U-x, B-x). Only inside an entity do the features depend on the path (``[token, entity
start, token - 1]``), and there only two actions are valid (I-x and L-x of the open label).
:class:`GreedyNER` therefore

1. runs the trained component's own tok2vec and precomputed lower layer on the same
   sub-batches as ``Parser.pipe`` (docs sorted by length, a quarter of the batch each);
2. scores the "no entity open" state at every token at once and picks each token's best valid
   action;
3. follows every B-x candidate through its entity in lock step, all candidates of the
   sub-batch together, one numpy step per token of the longest entity;
4. walks each doc's candidates in order and keeps those not inside an earlier entity, which is
   exactly the path the sequential decoder takes.

The float32 operations are the ones ``predict_states`` does, in the same order (features summed
in feature order onto zero, then the bias; maxout; the output layer through blis, as spaCy's
loop calls it; then its bias), and ties go to the lower action index as in
``arg_max_if_valid``, so the entities are the ones spaCy finds (tests/nlp/test_ner_decode.py
compares them; ``python -m bench.bench_ner_decode`` counts identical docs on larger sets).

It handles the configuration storydesk trains and nothing else: greedy decoding, three state
features, an output layer, no unseen classes and no preset entities on the docs. Anything else
goes to the wrapped spaCy component unchanged (:meth:`GreedyNER.supported`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import blis.py  # thinc's own matrix-product library; spaCy's parser loop calls the same gemm
import numpy as np
from spacy.attrs import IS_SPACE, SENT_START
from spacy.tokens import Doc, Span
from spacy.util import minibatch

#: Version of the decoder, part of :data:`storydesk.nlp.pipeline.NLP_VERSION`.
DECODER_VERSION = "greedy-ner-1"


class GreedyNER:
    """Pipeline component: decode a trained spaCy ``EntityRecognizer``'s model (see module doc)."""

    def __init__(self, ner) -> None:  # type: ignore[no-untyped-def]
        self.ner = ner
        self.supported = self._check(ner)
        if not self.supported:
            return
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        kinds = [n.split("-", 1)[0] for n in names]
        labels = [n.split("-", 1)[1] if "-" in n else "" for n in names]
        self.labels = labels
        self.is_begin = np.array([k == "B" and lab != "" for k, lab in zip(kinds, labels)])
        self.is_unit = np.array([k == "U" and lab != "" for k, lab in zip(kinds, labels)])
        # "U-" (a blocked token) is valid only on preset annotation, which we never decode.
        self.is_out = np.array([k == "O" for k in kinds])
        inside = {lab: i for i, (k, lab) in enumerate(zip(kinds, labels)) if k == "I"}
        last = {lab: i for i, (k, lab) in enumerate(zip(kinds, labels)) if k == "L"}
        self.in_of = np.array([inside.get(lab, -1) for lab in labels])
        self.last_of = np.array([last.get(lab, -1) for lab in labels])
        _, lower, upper = ner.model.layers
        self.n_hidden, self.n_pieces = lower.get_dim("nO"), lower.get_dim("nP")
        self.lower_bias = lower.get_param("b").reshape(-1)
        self.upper_w = upper.get_param("W")
        self.upper_b = upper.get_param("b")

    @staticmethod
    def _check(ner) -> bool:  # type: ignore[no-untyped-def]
        model = getattr(ner, "model", None)
        try:
            moves = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
            return bool(
                all(m.split("-", 1)[0] in ("B", "I", "L", "U", "O") for m in moves)  # BILUO NER
                and ner.cfg.get("beam_width", 1) == 1
                and model.attrs.get("has_upper")
                and not model.attrs.get("unseen_classes")
                and len(model.layers) == 3
                and model.layers[1].get_dim("nF") == 3
                and model.layers[2].get_dim("nO") == ner.moves.n_moves
                and model.layers[1].get_param("W").dtype == np.float32
            )
        except (AttributeError, KeyError, ValueError):
            return False

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc], batch_size=1)))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        """Annotate ``docs`` in batches, as ``Parser.pipe`` does (same sub-batches)."""
        if not self.supported:
            yield from self.ner.pipe(docs, batch_size=batch_size)
            return
        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            by_length = sorted(batch, key=len)
            for sub in minibatch(by_length, size=max(batch_size // 4, 2)):
                self._annotate(list(sub))
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        if not any(len(d) for d in docs):
            return
        if any(d.has_annotation("ENT_IOB") for d in docs):
            self.ner.set_annotations(docs, self.ner.predict(docs))  # preset entities
            return
        for doc, ents in zip(docs, self.decode(docs)):
            doc.set_ents([Span(doc, s, e, label=lab) for s, e, lab in ents], default="outside")

    def _hidden(self, features: np.ndarray, rows: Sequence[np.ndarray]) -> np.ndarray:
        """Output-layer scores for states whose feature rows (into ``features``) are ``rows``."""
        h = features[rows[0], 0] + features[rows[1], 1]  # 0 + a == a: same as spaCy's memset + axpy
        h += features[rows[2], 2]
        h += self.lower_bias
        h = h.reshape(len(h), self.n_hidden, self.n_pieces)
        hidden = h[:, :, 0]
        for p in range(1, self.n_pieces):
            hidden = np.maximum(hidden, h[:, :, p])
        scores = blis.py.gemm(np.ascontiguousarray(hidden), self.upper_w, trans2=True, beta=0.0)
        scores += self.upper_b
        return scores

    def decode(self, docs: Sequence[Doc]) -> list[list[tuple[int, int, str]]]:
        """Return each doc's entities as ``(start token, end token, label)``, in order."""
        tok2vec, lower, _ = self.ner.model.layers
        lengths = np.array([len(d) for d in docs])
        tokvecs = tok2vec.predict(list(docs))
        precomputed, _ = lower(tokvecs, is_train=False)  # (tokens + 1, 3, hidden, pieces); row 0 pads
        n = precomputed.shape[0] - 1
        features = precomputed.reshape(n + 1, 3, self.n_hidden * self.n_pieces)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        attrs = np.concatenate([d.to_array([IS_SPACE, SENT_START]) for d in docs])
        space = attrs[:, 0].astype(bool)
        # B-x and I-x need a next token, in the same doc, that does not start a sentence.
        no_next = np.zeros(n, dtype=bool)
        no_next[:-1] = attrs[1:, 1].astype(np.int64) == 1
        no_next[ends[lengths > 0] - 1] = True

        # 1. No entity open: features [token, pad, pad]; valid actions O, U-x (not on a space),
        #    B-x (not on a space, next token in the sentence).
        token_rows = np.arange(1, n + 1)
        pad = np.zeros(n, dtype=np.int64)
        scores = self._hidden(features, (token_rows, pad, pad))
        valid = np.broadcast_to(self.is_out, scores.shape).copy()
        valid |= self.is_unit & ~space[:, None]
        valid |= self.is_begin & ~(space | no_next)[:, None]
        best = np.where(valid, scores, -np.inf).argmax(axis=1)  # first of equal maxima, as spaCy

        # 2. Follow every B-x candidate through its entity: features [token, start, token - 1];
        #    valid actions I-x (next token in the sentence) and L-x of the open label.
        begins = np.flatnonzero(self.is_begin[best])
        entity_end = np.zeros(len(begins), dtype=np.int64)
        in_a, last_a = self.in_of[best[begins]], self.last_of[best[begins]]
        at = begins + 1
        active = np.arange(len(begins))
        while len(active):
            pos = at[active]
            s = self._hidden(features, (pos + 1, begins[active] + 1, pos))
            rows = np.arange(len(active))
            s_in, s_last = s[rows, in_a[active]], s[rows, last_a[active]]
            go_on = ~no_next[pos] & ((s_in > s_last) | ((s_in == s_last) & (in_a[active] < last_a[active])))
            closed = active[~go_on]
            entity_end[closed] = at[closed] + 1
            active = active[go_on]
            at[active] += 1

        # 3. Walk the candidates in order; one inside an earlier entity never happened.
        units = np.flatnonzero(self.is_unit[best])
        pos = np.concatenate([begins, units])
        end = np.concatenate([entity_end, units + 1])
        order = np.argsort(pos, kind="stable")
        out: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        doc_i, cursor = 0, 0
        ends_l, starts_l = ends.tolist(), starts.tolist()
        for p, e, a in zip(pos[order].tolist(), end[order].tolist(), best[pos[order]].tolist()):
            while p >= ends_l[doc_i]:
                doc_i += 1
            if p >= cursor:
                first = starts_l[doc_i]
                out[doc_i].append((p - first, e - first, self.labels[a]))
                cursor = e
        return out
