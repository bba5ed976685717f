"""Tests of analysis.stance.classifier: training, prediction shape, determinism, bad input."""
import pandas as pd
import pytest

from analysis.errors import CorpusError
from analysis.stance import cross_validate, predict_documents, read_coded, top_features, train_classifier

CODED = pd.DataFrame({
    "text": ["很好用", "太好了", "好评", "喜欢", "真差", "差劲", "垃圾", "讨厌", "发布了", "上市了", "开售", "公布"] * 2,
    "target": ["手机"] * 24,
    "label": (["favour"] * 4 + ["against"] * 4 + ["neutral"] * 4) * 2,
})


def test_train_predict_shape_and_probabilities():
    model = train_classifier(CODED)
    out = predict_documents(model, pd.DataFrame({"id": ["a", "b"], "text": ["太好了", "垃圾"]}))
    assert out.columns.tolist() == ["id", "target", "label", "score", "p_favour", "p_against", "p_neutral", "method"]
    assert out.label.tolist() == ["favour", "against"] and set(out.method) == {"classifier"}
    assert ((out[["p_favour", "p_against", "p_neutral"]].sum(axis=1) - 1).abs() < 1e-3).all()
    again = predict_documents(train_classifier(CODED), pd.DataFrame({"id": ["a", "b"], "text": ["太好了", "垃圾"]}))
    pd.testing.assert_frame_equal(out, again)  # deterministic


def test_small_targets_are_skipped_and_pooled_covers_them():
    coded = pd.concat([CODED, pd.DataFrame({"text": ["好"], "target": ["耳机"], "label": ["favour"]})])
    model = train_classifier(coded)
    assert list(model.models) == ["手机"] and "耳机" in model.skipped
    pooled = train_classifier(coded, pooled=True)
    assert set(predict_documents(pooled, ["好"], targets=["手机", "耳机"]).target) == {"手机", "耳机"}


def test_cross_validation_and_top_features():
    r = cross_validate(CODED, folds=2)
    assert r["n"] == 24 and 0 <= r["f_avg"] <= 1 and set(r["predictions"].predicted) <= {"favour", "against", "neutral"}
    top = top_features(train_classifier(CODED), n=3)
    assert top.groupby("label").size().to_dict() == {"against": 3, "favour": 3, "neutral": 3}


def test_empty_and_bad_input(tmp_path):
    assert predict_documents(train_classifier(CODED), []).empty
    with pytest.raises(ValueError):
        train_classifier(CODED.assign(label="positive"))
    with pytest.raises(ValueError):
        cross_validate(CODED, folds=1)
    path = tmp_path / "coded.csv"
    path.write_text("text,target,label\n好,手机,favour\n差,手机,bad\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="line 3: field 'label'"):
        read_coded(path)
    path.write_text("text,label\n好,favour\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="missing columns"):
        read_coded(path)
