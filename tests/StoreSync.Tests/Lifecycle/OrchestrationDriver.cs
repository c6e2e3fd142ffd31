using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Lifecycle;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>
/// Runs <see cref="CampaignLifecycle"/> on a mocked <see cref="TaskOrchestrationContext"/> (Microsoft's documented way to
/// unit-test orchestrators) with a hand-moved clock: timers fire when the test moves time past them, events are
/// buffered like the real backend's, and activities act on a one-row "database" (<see cref="Db"/>) by the workflow
/// table's rules. Continuations run inline, so after each call the orchestrator has reached its next wait.
/// </summary>
public sealed class OrchestrationDriver
{
    private readonly Mock<TaskOrchestrationContext> _ctx = new();
    private readonly List<(DateTime FireAt, TaskCompletionSource Tcs)> _timers = [];
    private readonly Queue<CampaignChanged> _buffered = new();
    // Like the SDK's TaskOrchestrationContextWrapper: waiters per event name on a stack (LIFO); a cancelled waiter stays
    // on it, and an event reaching it is lost.
    private readonly Stack<TaskCompletionSource<CampaignChanged>> _waiters = new();

    public DateTime Now { get; private set; }

    /// <summary>The campaign as the database has it; activities read and change it.</summary>
    public CampaignState? Db { get; set; }

    public List<(string Name, object? Input)> Activities { get; } = [];
    public List<DateTime> TimersRequested { get; } = [];
    public List<LifecycleInput> ContinuedAsNew { get; } = [];
    public int EventsApplied { get; private set; }

    public OrchestrationDriver(DateTime now, CampaignState state)
    {
        Now = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        Db = state;
        _ctx.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        _ctx.SetupGet(c => c.InstanceId).Returns(state.CampaignId.ToString());
        _ctx.SetupGet(c => c.IsReplaying).Returns(false);
        _ctx.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        _ctx.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        _ctx.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns((DateTime at, CancellationToken ct) =>
        {
            TimersRequested.Add(at);
            var tcs = new TaskCompletionSource();
            var entry = (at, tcs);
            _timers.Add(entry);
            ct.Register(() =>
            {
                _timers.Remove(entry);
                tcs.TrySetCanceled(ct);
            });
            return tcs.Task;
        });
        _ctx.Setup(c => c.WaitForExternalEvent<CampaignChanged>(LifecycleEvents.CampaignChanged, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken ct) =>
            {
                var tcs = new TaskCompletionSource<CampaignChanged>();
                _waiters.Push(tcs);
                if (_buffered.Count > 0) _waiters.Pop().TrySetResult(_buffered.Dequeue());
                ct.Register(() => tcs.TrySetCanceled(ct));
                return tcs.Task;
            });
        _ctx.Setup(c => c.CallActivityAsync<CampaignState?>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? _) => Task.FromResult(RunActivity(name.Name, input)));
        _ctx.Setup(c => c.CallActivityAsync<int>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? _) =>
            {
                Activities.Add((name.Name, input));
                OnActivity?.Invoke(name.Name);
                return Task.FromResult(_steps is null ? 1 : Blocking(() => _steps.RemindAsync((ReminderStep)input!, CancellationToken.None)));
            });
        _ctx.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()))
            .Callback((object? input, bool _) => ContinuedAsNew.Add((LifecycleInput)input!));
    }

    public TaskOrchestrationContext Context => _ctx.Object;

    private LifecycleSteps? _steps;
    private TestClock? _clock;

    /// <summary>
    /// Runs the activities for real (<see cref="LifecycleSteps"/> on the app's database), with the app's clock set to the
    /// driver's at each: what the orchestration does shows in the database at the instants its timers fired. They run to
    /// completion inside the call (off the test's synchronization context), so the orchestrator still settles inline.
    /// </summary>
    public OrchestrationDriver UseSteps(LifecycleSteps steps, TestClock clock)
    {
        (_steps, _clock) = (steps, clock);
        return this;
    }

    private T Blocking<T>(Func<Task<T>> work)
    {
        _clock!.Set(new DateTimeOffset(Now));
        return Task.Run(work).GetAwaiter().GetResult();
    }

    public Task<string> Run { get; private set; } = Task.FromResult("");

    public OrchestrationDriver Start(bool withState = true)
    {
        Run = new CampaignLifecycle().RunAsync(_ctx.Object, new LifecycleInput(Db!.CampaignId, withState ? Db : null));
        return this;
    }

    /// <summary>The timer the orchestrator waits on now (null: none).</summary>
    public DateTime? PendingTimer => _timers.Count == 0 ? null : _timers.Min(t => t.FireAt);

    public bool IsWaitingForEvent => _waiters.TryPeek(out var top) && !top.Task.IsCompleted;

    /// <summary>Events that reached a cancelled waiter (the SDK drops them).</summary>
    public int LostEvents { get; private set; }

    /// <summary>Called as an activity starts (to deliver an event while it runs, as the backend can).</summary>
    public Action<string>? OnActivity { get; set; }

    /// <summary>Moves the clock to <paramref name="to"/>, firing each timer due by then at its own instant.</summary>
    public void AdvanceTo(DateTime to)
    {
        while (_timers.Count > 0 && _timers.Min(t => t.FireAt) <= to && !Run.IsCompleted)
        {
            var next = _timers.OrderBy(t => t.FireAt).First();
            _timers.Remove(next);
            if (next.FireAt > Now) Now = next.FireAt;
            next.Tcs.TrySetResult();
        }
        Now = DateTime.SpecifyKind(to, DateTimeKind.Utc);
    }

    /// <summary>Fires the pending timer <paramref name="early"/> before its time (durable timers can).</summary>
    public void FireEarly(TimeSpan early)
    {
        var next = _timers.OrderBy(t => t.FireAt).First();
        _timers.Remove(next);
        Now = next.FireAt - early;
        next.Tcs.TrySetResult();
    }

    /// <summary>A person's transition committed in the database, then its event delivered (as the outbox does).</summary>
    public CampaignChanged Human(string action, Func<CampaignState, CampaignState> change)
    {
        Db = change(Db!) with { Version = Db!.Version + 1 };
        var e = new CampaignChanged(action, Db);
        Deliver(e);
        return e;
    }

    public void Deliver(CampaignChanged e)
    {
        EventsApplied++;
        if (_waiters.Count > 0)
        {
            if (!_waiters.Pop().TrySetResult(e)) LostEvents++;
        }
        else _buffered.Enqueue(e);
    }

    private CampaignState? RunActivity(string name, object? input)
    {
        Activities.Add((name, input));
        OnActivity?.Invoke(name);
        if (_steps is { } steps)
            return Db = name switch
            {
                nameof(LoadCampaignState) => Blocking(() => steps.LoadAsync((Guid)input!, CancellationToken.None)),
                nameof(ActivateCampaign) => Blocking(() => steps.ApplyTimedAsync("activate", (TimedStep)input!, CancellationToken.None)),
                nameof(CompleteCampaign) => Blocking(() => steps.ApplyTimedAsync("complete", (TimedStep)input!, CancellationToken.None)),
                nameof(FlagStartPassed) => Blocking(() => steps.FlagStartPassedAsync((Guid)input!, CancellationToken.None)),
                _ => throw new InvalidOperationException($"No activity {name}"),
            };
        var db = Db;
        if (db is null) return null;
        var now = new DateTimeOffset(Now);
        Db = name switch
        {
            nameof(LoadCampaignState) => db,
            nameof(ActivateCampaign) when db.Status == CampaignStatus.Scheduled && db.ScheduledStart <= now =>
                db with { Status = CampaignStatus.Active, Version = db.Version + 1 },
            nameof(CompleteCampaign) when db.Status == CampaignStatus.Active && db.ScheduledEnd <= now =>
                db with { Status = CampaignStatus.Completed, Version = db.Version + 1 },
            nameof(FlagStartPassed) when db.Status is CampaignStatus.PendingReview or CampaignStatus.Approved && !db.StartFlagged
                                         && db.ScheduledStart <= now => db with { StartFlagged = true },
            _ => db,
        };
        return Db;
    }

    public IEnumerable<string> ActivityNames => Activities.Select(a => a.Name);
}
