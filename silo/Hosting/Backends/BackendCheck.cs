namespace Mle.Silo.Hosting.Backends;

/// <summary>
/// A server a configured provider needs, checked before the silo starts (<see cref="BackendGate"/>).
/// </summary>
/// <param name="Setting">The setting that names the server (<c>Mle:Storage:ConnectionString</c>).</param>
/// <param name="Endpoint">Where it is, without secrets (<c>127.0.0.1:6379</c>, <c>http://127.0.0.1:10002/devstoreaccount1</c>).</param>
/// <param name="Probe">Connects, proves the server answers, and prepares what the provider needs (a schema); cancelled at the deadline.</param>
internal sealed record BackendCheck(string Setting, string Endpoint, Func<CancellationToken, Task> Probe);
