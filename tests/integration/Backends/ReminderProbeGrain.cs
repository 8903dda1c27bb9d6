namespace Mle.Tests.Integration.Backends;

/// <summary>A test-only grain that keeps one reminder, to observe that the reminder table outlives a silo.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Remember();

    Task<bool> Remembers();
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private const string Name = "probe";

    // Due far in the future: the test reads the registration, it never waits for a tick.
    public Task Remember() => this.RegisterOrUpdateReminder(Name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> Remembers() => await this.GetReminder(Name) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
