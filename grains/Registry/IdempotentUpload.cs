namespace Mle.Registry;

/// <summary>An upload's idempotency key as the model remembers it: which artifact it carried and the version it became.</summary>
[GenerateSerializer]
public sealed class IdempotentUpload
{
    [Id(0)] public string Key { get; set; } = "";
    [Id(1)] public string Sha256 { get; set; } = "";
    [Id(2)] public int Version { get; set; }
    [Id(3)] public DateTimeOffset At { get; set; }
}
