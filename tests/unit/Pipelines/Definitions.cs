namespace Mle.Tests.Unit.Pipelines;

/// <summary>Pipeline definitions as their authors write them.</summary>
internal static class Definitions
{
    /// <summary>The example of issue 9, verbatim.</summary>
    public const string Fraud = """
        {"name": "fraud", "kind": "streaming",
         "source": {"type": "rest"},
         "steps": [
           {"name": "big",    "type": "filter",    "expr": "A > 0.5"},
           {"name": "derive", "type": "map",       "set": {"C": "A + B"}},
           {"name": "feat",   "type": "featurize", "featureSet": "card", "entity": "cardId"},
           {"name": "enrich", "type": "enrich",    "featureSet": "card", "entity": "cardId", "features": ["amount_avg_10m"]},
           {"name": "score",  "type": "score",     "model": "tiny@champion", "output": "prediction"},
           {"name": "out",    "type": "sink",      "to": "webhook", "url": "http://127.0.0.1:9000/hook"}]}
        """;

    /// <summary>Fan-out after scoring and a join of two branches.</summary>
    public const string Diamond = """
        {"name": "diamond",
         "source": {"type": "stream", "namespace": "input.clicks", "schema": {"A": "float", "B": "float", "segment": "string", "cardId": "string"}},
         "steps": [
           {"name": "score", "type": "score", "model": "tiny", "output": "prediction"},
           {"name": "high",  "type": "map", "after": ["score"], "set": {"high": "prediction.Probability > 0.9"}},
           {"name": "label", "type": "map", "after": ["score"], "set": {"label": "segment + \"/\" + (prediction.PredictedLabel ? \"yes\" : \"no\")"}},
           {"name": "both",  "type": "filter", "after": ["high", "label"], "expr": "high && label != \"\""},
           {"name": "out",   "type": "sink", "to": "stream", "namespace": "predictions"},
           {"name": "audit", "type": "sink", "after": ["score"], "to": "featureSet", "featureSet": "card", "entity": "cardId"}]}
        """;
}
