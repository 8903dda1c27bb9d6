namespace Mle.Security;

/// <summary>How a client's credentials travel with its grain calls: in Orleans' request context under these keys.</summary>
public static class CallerContext
{
    /// <summary>The client's API key (<c>mle_&lt;id&gt;_&lt;secret&gt;</c>); the silo removes it once checked, so it does not travel on.</summary>
    public const string ApiKey = "mle-api-key";

    /// <summary>What the client says it is (the SDK's name and version, and its host), for the audit log's "from where".</summary>
    public const string Client = "mle-client";
}
