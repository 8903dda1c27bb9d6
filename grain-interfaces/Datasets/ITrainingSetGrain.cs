using Mle.Audit;
using Mle.Security;

namespace Mle.Datasets;

/// <summary>
/// The SDK's way to build point-in-time training sets: a stateless worker on the silo the client is connected to
/// (key 0). <c>dataset</c> is the tenant-qualified <c>{tenant}/{name}</c> of the dataset to create.
/// </summary>
public interface ITrainingSetGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Builds the training set and stores it as a dataset; returns its record once stored. Bad input (unknown feature
    /// set or feature, a row without entity or time, more rows than <c>Mle:Limits:MaxTrainingSetRows</c>) throws and
    /// stores nothing.
    /// </summary>
    [Requires(Permission.BuildDatasets, NameArgument = 0)]
    [Audited(AuditActions.DatasetCreate, "datasets/{name}")]
    Task<DatasetInfo> Build(string dataset, TrainingSetRequest request);
}
