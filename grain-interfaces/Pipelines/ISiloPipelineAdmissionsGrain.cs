namespace Mle.Pipelines;

/// <summary>One silo's door to its pipeline admissions (key: the silo's address), for a pipeline to take its leases back.</summary>
public interface ISiloPipelineAdmissionsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Drops this silo's lease of <paramref name="pipeline"/> and refuses any lent before <paramref name="epoch"/>, so
    /// the next push asks the pipeline again; returns the room it had not used.
    /// </summary>
    Task<LeaseReturn> Revoke(string pipeline, long epoch);
}
