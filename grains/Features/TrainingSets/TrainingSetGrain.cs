using Mle.Datasets;
using Mle.Errors;

namespace Mle.Features.TrainingSets;

/// <summary>
/// The SDK's way to build training sets: a stateless worker on the silo the client is connected to, delegating to the
/// silo's <see cref="TrainingSets"/> (the build itself runs off the grain scheduler).
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class TrainingSetGrain(TrainingSets trainingSets) : Grain, ITrainingSetGrain
{
    public Task<DatasetInfo> Build(string dataset, TrainingSetRequest request)
    {
        var parts = dataset?.Split('/') ?? [];
        if (parts.Length != 2)
        {
            throw MleErrors.InvalidName("dataset", dataset ?? "", "a dataset is named tenant/name.");
        }
        return trainingSets.Build(parts[0], parts[1], request ?? throw MleErrors.InvalidTrainingSet("The build needs a request.", "request"), CancellationToken.None);
    }
}
