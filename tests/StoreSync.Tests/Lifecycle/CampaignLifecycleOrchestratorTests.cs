using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Tests.Lifecycle;

/// <summary>The orchestrator's decisions on a mocked context: long timers, DST, every event in every state, duplicates.</summary>
public class CampaignLifecycleOrchestratorTests
{
    private static readonly DateTime T0 = new(2027, 1, 4, 12, 0, 0, DateTimeKind.Utc);

    private static CampaignState State(string status, DateTimeOffset? start = null, DateTimeOffset? end = null, DateTimeOffset? submittedAt = null,
        double reminderHours = 24, int version = 5) =>
        new(Guid.NewGuid(), status, version, start, end, submittedAt, reminderHours, false);

    private static DateTimeOffset At(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    [Fact]
    public async Task ScheduledCampaignWaitsDaysForItsStartThenActivatesAndWaitsWeeksForItsEndThenCompletes()
    {
        var start = T0.AddDays(3);
        var end = T0.AddDays(24);
        var d = new OrchestrationDriver(T0, State(CampaignStatus.Scheduled, At(start), At(end))).Start();

        Assert.Equal(start, d.PendingTimer);
        Assert.Empty(d.Activities);
        d.AdvanceTo(start.AddDays(1));
        Assert.Equal(CampaignStatus.Active, d.Db!.Status);
        Assert.Equal(end, d.PendingTimer);
        d.AdvanceTo(end);
        Assert.Equal("completed", await d.Run);
        Assert.Equal([nameof(ActivateCampaign), nameof(CompleteCampaign)], d.ActivityNames);
        Assert.Equal([start, end], d.TimersRequested);
    }

    [Fact]
    public async Task StartAndEndAcrossDaylightSavingChangesWaitForTheStoresWallClock()
    {
        // Chicago: 09:00 on 14 March 2027 is after the spring change (CDT, UTC-5); 09:00 on 7 November after the fall change (CST, UTC-6).
        var start = LocalTimes.ToUtc(new DateTime(2027, 3, 14, 9, 0, 0), "America/Chicago");
        var end = LocalTimes.ToUtc(new DateTime(2027, 11, 7, 9, 0, 0), "America/Chicago");
        Assert.Equal(new DateTime(2027, 3, 14, 14, 0, 0, DateTimeKind.Utc), start.UtcDateTime);
        Assert.Equal(new DateTime(2027, 11, 7, 15, 0, 0, DateTimeKind.Utc), end.UtcDateTime);

        var d = new OrchestrationDriver(new DateTime(2027, 3, 13, 20, 0, 0), State(CampaignStatus.Scheduled, start, end)).Start();
        Assert.Equal(start.UtcDateTime, d.PendingTimer);
        d.AdvanceTo(start.UtcDateTime.AddSeconds(1));
        Assert.Equal(end.UtcDateTime, d.PendingTimer);
        d.AdvanceTo(end.UtcDateTime);
        Assert.Equal("completed", await d.Run);
    }

    [Fact]
    public void TimerFiringEarlyWaitsAgainForTheRealDueTimeInsteadOfActingEarly()
    {
        var start = T0.AddHours(2);
        var d = new OrchestrationDriver(T0, State(CampaignStatus.Scheduled, At(start), At(start.AddDays(1)))).Start();
        d.FireEarly(TimeSpan.FromMilliseconds(300));
        Assert.Empty(d.Activities);
        Assert.Equal(start, d.PendingTimer);
        d.AdvanceTo(start);
        Assert.Equal([nameof(ActivateCampaign)], d.ActivityNames);
    }

    [Fact]
    public async Task BacklogAfterDowntimeActivatesThenCompletesAtOnce()
    {
        var d = new OrchestrationDriver(T0, State(CampaignStatus.Scheduled, At(T0.AddDays(-3)), At(T0.AddDays(-1)))).Start();
        d.AdvanceTo(T0);
        Assert.Equal("completed", await d.Run);
        Assert.Equal([nameof(ActivateCampaign), nameof(CompleteCampaign)], d.ActivityNames);
    }

    [Fact]
    public void ReviewWaitingLongerThanTheBrandIntervalRemindsThenAgainEachIntervalAndFlagsAMissedStart()
    {
        var submitted = T0;
        var start = T0.AddHours(60);
        var d = new OrchestrationDriver(T0, State(CampaignStatus.PendingReview, At(start), At(start.AddDays(7)), At(submitted), reminderHours: 24))
            .Start();
        Assert.Equal(T0.AddHours(24), d.PendingTimer);
        d.AdvanceTo(T0.AddHours(24));
        Assert.Equal(T0.AddHours(48), d.PendingTimer);
        d.AdvanceTo(T0.AddHours(48));
        Assert.Equal(start, d.PendingTimer); // the start (60 h) comes before the third reminder (72 h)
        d.AdvanceTo(T0.AddHours(72));
        var reminders = d.Activities.Where(a => a.Name == nameof(RemindReviewers)).Select(a => ((ReminderStep)a.Input!).Interval).ToList();
        Assert.Equal([1, 2, 3], reminders);
        Assert.Single(d.Activities, a => a.Name == nameof(FlagStartPassed));
        Assert.True(d.Db!.StartFlagged);
        Assert.Equal(T0.AddHours(96), d.PendingTimer);
    }

    [Fact]
    public void ReviewFoundAlreadyWaitingIntervalsWhenItsOrchestrationStartsIsRemindedAtOnceForTheCurrentInterval()
    {
        // Restarted by reconciliation (or submitted before the orchestrations existed) 3.5 intervals after submission: the
        // reminder for interval 3 goes out now, not only the one for interval 4 at 96 h.
        var d = new OrchestrationDriver(T0.AddHours(84), State(CampaignStatus.PendingReview, submittedAt: At(T0), reminderHours: 24)).Start();
        var reminders = d.Activities.Where(a => a.Name == nameof(RemindReviewers)).Select(a => ((ReminderStep)a.Input!).Interval).ToList();
        Assert.Equal([3], reminders);
        Assert.Equal(T0.AddHours(96), d.PendingTimer);
        d.AdvanceTo(T0.AddHours(96));
        Assert.Equal([3, 4], d.Activities.Where(a => a.Name == nameof(RemindReviewers)).Select(a => ((ReminderStep)a.Input!).Interval));
    }

    [Fact]
    public void ReviewWaitingLessThanAnIntervalWhenItsOrchestrationStartsIsNotRemindedYet()
    {
        var d = new OrchestrationDriver(T0.AddHours(5), State(CampaignStatus.PendingReview, submittedAt: At(T0), reminderHours: 24)).Start();
        Assert.Empty(d.Activities);
        Assert.Equal(T0.AddHours(24), d.PendingTimer);
    }

    [Fact]
    public void ResubmittingStartsTheReminderCountAfresh()
    {
        var d = new OrchestrationDriver(T0, State(CampaignStatus.PendingReview, submittedAt: At(T0), reminderHours: 10)).Start();
        d.AdvanceTo(T0.AddHours(10));
        d.Human("reject", s => s with { Status = CampaignStatus.Rejected });
        Assert.Null(d.PendingTimer);
        d.AdvanceTo(T0.AddHours(30));
        d.Human("revise", s => s with { Status = CampaignStatus.Draft });
        d.Human("submit", s => s with { Status = CampaignStatus.PendingReview, SubmittedAt = At(T0.AddHours(30)) });
        Assert.Equal(T0.AddHours(40), d.PendingTimer);
        d.AdvanceTo(T0.AddHours(40));
        var reminders = d.Activities.Where(a => a.Name == nameof(RemindReviewers)).Select(a => (ReminderStep)a.Input!).ToList();
        Assert.Equal(2, reminders.Count);
        Assert.Equal((At(T0.AddHours(30)), 1), (reminders[1].SubmittedAt, reminders[1].Interval));
    }

    [Fact]
    public async Task CancelWhileWaitingOnTheStartTimerEndsTheOrchestrationAndCancelsTheTimer()
    {
        var d = new OrchestrationDriver(T0, State(CampaignStatus.Scheduled, At(T0.AddDays(5)), At(T0.AddDays(9)))).Start();
        Assert.NotNull(d.PendingTimer);
        d.Human("cancel", s => s with { Status = CampaignStatus.Cancelled });
        Assert.Equal("cancelled", await d.Run);
        Assert.Null(d.PendingTimer);
        Assert.Empty(d.Activities);
    }

    [Fact]
    public void DuplicateAndOutOfOrderEventsAreAppliedAtMostOnce()
    {
        var start = T0.AddDays(2);
        var d = new OrchestrationDriver(T0, State(CampaignStatus.PendingReview, At(start), At(start.AddDays(1)), At(T0))).Start();
        var approve = d.Human("approve", s => s with { Status = CampaignStatus.Approved });
        var schedule = d.Human("schedule", s => s with { Status = CampaignStatus.Scheduled });
        Assert.Equal(start, d.PendingTimer);
        // The approve event again (an outbox retry), then late: the orchestration stays scheduled and keeps its timer.
        d.Deliver(approve);
        d.Deliver(schedule);
        Assert.Equal(start, d.PendingTimer);
        Assert.True(d.IsWaitingForEvent);
        d.AdvanceTo(start);
        Assert.Equal(CampaignStatus.Active, d.Db!.Status);
        Assert.Single(d.Activities, a => a.Name == nameof(ActivateCampaign));
    }

    [Fact]
    public void EventsBufferedBeforeTheOrchestrationWaitsAreAppliedInVersionOrder()
    {
        var start = T0.AddDays(2);
        var d = new OrchestrationDriver(T0, State(CampaignStatus.PendingReview, At(start), At(start.AddDays(1)), At(T0)));
        // The later state arrives first: the older one is stale and ignored.
        var approved = d.Db! with { Status = CampaignStatus.Approved, Version = 6 };
        var scheduled = approved with { Status = CampaignStatus.Scheduled, Version = 7 };
        d.Deliver(new CampaignChanged("schedule", scheduled));
        d.Deliver(new CampaignChanged("approve", approved));
        d.Db = scheduled;
        d.Start();
        Assert.Equal(start, d.PendingTimer);
        d.AdvanceTo(start);
        Assert.Equal(CampaignStatus.Active, d.Db!.Status);
    }

    [Fact]
    public async Task TimedTransitionThatFindsTheCampaignMovedAdoptsTheDatabaseState()
    {
        var start = T0.AddHours(1);
        var d = new OrchestrationDriver(T0, State(CampaignStatus.Scheduled, At(start), At(start.AddDays(1)))).Start();
        // Cancelled in the database; its event is still in the outbox when the start timer fires.
        d.Db = d.Db! with { Status = CampaignStatus.Cancelled, Version = d.Db.Version + 1 };
        d.AdvanceTo(start);
        Assert.True(d.Run.IsCompletedSuccessfully);
        Assert.Equal("cancelled", await d.Run);
    }

    [Fact]
    public async Task LongLoopsContinueAsNewWithTheirStateOnceNoEventWaitIsOutstanding()
    {
        var d = new OrchestrationDriver(T0, State(CampaignStatus.PendingReview, submittedAt: At(T0), reminderHours: 1)).Start();
        // Reminder turns keep their event wait (an event reaching an abandoned wait would be lost): no ContinueAsNew yet.
        d.AdvanceTo(T0.AddHours(CampaignLifecycle.MaxTurnsPerExecution + 5));
        Assert.Empty(d.ContinuedAsNew);
        Assert.Equal(CampaignLifecycle.MaxTurnsPerExecution + 5, d.Activities.Count(a => a.Name == nameof(RemindReviewers)));
        // The next change completes that wait; then the execution starts afresh with the new state.
        d.Human("approve", s => s with { Status = CampaignStatus.Approved });
        Assert.Equal("approved", await d.Run);
        var next = Assert.Single(d.ContinuedAsNew);
        Assert.Equal(d.Db, next.State);
        Assert.Equal(0, d.LostEvents);
    }

    [Fact]
    public void AnEventArrivingWhileATimedStepRunsIsNotLost()
    {
        var start = T0.AddHours(5);
        var d = new OrchestrationDriver(T0, State(CampaignStatus.Scheduled, At(start), At(start.AddDays(1)))).Start();
        // The cancel commits while the activation activity runs (its conditional update found the campaign cancelled).
        d.OnActivity = name =>
        {
            if (name != nameof(ActivateCampaign)) return;
            d.OnActivity = null;
            d.Human("cancel", s => s with { Status = CampaignStatus.Cancelled });
        };
        d.Db = d.Db! with { ScheduledStart = At(start) };
        d.AdvanceTo(start);
        Assert.True(d.Run.IsCompleted);
        Assert.Equal(0, d.LostEvents);
    }

    [Fact]
    public void AnEventArrivingWhileAReminderIsSentIsAppliedNext()
    {
        var start = T0.AddDays(3);
        var d = new OrchestrationDriver(T0, State(CampaignStatus.PendingReview, At(start), At(start.AddDays(1)), At(T0), reminderHours: 24)).Start();
        d.OnActivity = name =>
        {
            if (name != nameof(RemindReviewers)) return;
            d.OnActivity = null;
            d.Human("approve", s => s with { Status = CampaignStatus.Approved });
        };
        d.AdvanceTo(T0.AddHours(24));
        Assert.Equal(0, d.LostEvents);
        Assert.Equal(start, d.PendingTimer); // approved: waits for the start (to flag it if never scheduled)
        d.Human("schedule", s => s with { Status = CampaignStatus.Scheduled });
        Assert.Equal(start, d.PendingTimer);
        d.AdvanceTo(start);
        Assert.Equal(CampaignStatus.Active, d.Db!.Status);
    }

    [Fact]
    public async Task StartsWithoutStateByLoadingItAndEndsWhenTheCampaignIsGone()
    {
        var d = new OrchestrationDriver(T0, State(CampaignStatus.Approved));
        d.Db = null;
        var run = new CampaignLifecycle().RunAsync(d.Context, new LifecycleInput(Guid.NewGuid()));
        Assert.Equal("deleted", await run);
    }

    /// <summary>Every transition of the workflow table, as an event in its from-state: the orchestration's next wait follows the new state.</summary>
    public static TheoryData<string, string, string> WorkflowTransitions()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var t in Workflow.Table)
        foreach (var from in t.From)
            data.Add(t.Action, from, t.To);
        // reschedule: a scheduled campaign whose dates change stays scheduled and waits for the new start
        data.Add("reschedule", CampaignStatus.Scheduled, CampaignStatus.Scheduled);
        return data;
    }

    [Theory]
    [MemberData(nameof(WorkflowTransitions))]
    public async Task EveryEventInEveryStateLeadsToTheNextStateWait(string action, string from, string to)
    {
        var start = T0.AddDays(3);
        var end = T0.AddDays(6);
        var d = new OrchestrationDriver(T0, State(from, At(start), At(end), At(T0.AddHours(-1)), reminderHours: 24)).Start();
        Assert.False(d.Run.IsCompleted);
        var newStart = action == "reschedule" ? start.AddDays(1) : start;
        d.Human(action, s => s with { Status = to, ScheduledStart = At(newStart), SubmittedAt = to == CampaignStatus.PendingReview ? At(T0) : s.SubmittedAt });

        var expected = to switch
        {
            CampaignStatus.PendingReview => T0.AddHours(24),
            CampaignStatus.Approved or CampaignStatus.Scheduled => newStart,
            CampaignStatus.Active => end,
            _ => (DateTime?)null,
        };
        if (to is CampaignStatus.Completed or CampaignStatus.Cancelled)
        {
            Assert.True(d.Run.IsCompletedSuccessfully);
            Assert.Equal(to, await d.Run);
            Assert.Null(d.PendingTimer);
        }
        else
        {
            Assert.False(d.Run.IsCompleted);
            Assert.Equal(expected, d.PendingTimer);
            Assert.True(d.IsWaitingForEvent);
        }
        Assert.Empty(d.Activities);
    }

    [Theory]
    [InlineData(CampaignStatus.Draft)]
    [InlineData(CampaignStatus.PendingReview)]
    [InlineData(CampaignStatus.Approved)]
    [InlineData(CampaignStatus.Rejected)]
    [InlineData(CampaignStatus.Scheduled)]
    [InlineData(CampaignStatus.Active)]
    public void AStaleEventInAnyStateChangesNothing(string status)
    {
        var d = new OrchestrationDriver(T0, State(status, At(T0.AddDays(1)), At(T0.AddDays(2)), At(T0), version: 9)).Start();
        var timer = d.PendingTimer;
        d.Deliver(new CampaignChanged("cancel", d.Db! with { Status = CampaignStatus.Cancelled, Version = 8 }));
        Assert.False(d.Run.IsCompleted);
        Assert.Equal(timer, d.PendingTimer);
        Assert.Equal(status, d.Db!.Status);
    }

    [Theory]
    [InlineData(CampaignStatus.Completed)]
    [InlineData(CampaignStatus.Cancelled)]
    public async Task AFinishedCampaignsOrchestrationEndsAtOnce(string status)
    {
        var d = new OrchestrationDriver(T0, State(status)).Start();
        Assert.Equal(status, await d.Run);
        Assert.Empty(d.TimersRequested);
    }

    [Theory]
    [InlineData("2027-01-04T12:00:00Z", "2027-01-05T12:00:00Z")]
    [InlineData("2027-01-05T11:59:59Z", "2027-01-05T12:00:00Z")]
    [InlineData("2027-01-05T12:00:00Z", "2027-01-06T12:00:00Z")]
    [InlineData("2027-01-03T12:00:00Z", "2027-01-05T12:00:00Z")]
    public void NextReminderIsTheFirstWholeIntervalStrictlyAfterNow(string now, string expected) =>
        Assert.Equal(DateTime.Parse(expected).ToUniversalTime(),
            CampaignLifecycle.NextReminderAt(T0, TimeSpan.FromDays(1), DateTime.Parse(now).ToUniversalTime()));
}
