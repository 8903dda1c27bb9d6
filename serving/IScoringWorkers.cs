using Mle.Naming;
using Mle.Scoring;

namespace Mle.Serving;

/// <summary>Finds the scoring worker of a version: a local stateless-worker activation in a silo.</summary>
public interface IScoringWorkers
{
    /// <summary>The worker that scores <paramref name="version"/>.</summary>
    IScoringWorker For(ModelVersionRef version);
}
