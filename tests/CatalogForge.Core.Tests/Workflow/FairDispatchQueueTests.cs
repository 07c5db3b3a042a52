using CatalogForge.Core.Domain;
using CatalogForge.Core.Workflow;

namespace CatalogForge.Core.Tests.Workflow;

/// <summary>The activity scheduler's ordering and caps as pure logic: which waiting call starts next.</summary>
public sealed class FairDispatchQueueTests
{
    [Fact]
    public void A_tenant_with_a_long_queue_gets_one_turn_then_the_other_tenant_gets_one()
    {
        var queue = new FairDispatchQueue<string>(globalCap: 1, perKeyCap: 1);
        for (var i = 0; i < 1000; i++)
        {
            queue.Enqueue(JobPriority.Normal, "big", $"big-{i}");
        }

        queue.Enqueue(JobPriority.Normal, "small", "small-0");
        queue.Enqueue(JobPriority.Normal, "small", "small-1");

        Assert.Equal(["big-0", "small-0", "big-1", "small-1", "big-2", "big-3"], RunOneAtATime(queue, 6));
    }

    [Fact]
    public void Higher_priority_starts_first_whatever_the_order_of_arrival()
    {
        var queue = new FairDispatchQueue<string>(globalCap: 1, perKeyCap: 1);
        queue.Enqueue(JobPriority.Low, "a", "low");
        queue.Enqueue(JobPriority.Normal, "b", "normal");
        queue.Enqueue(JobPriority.High, "c", "high");
        queue.Enqueue(JobPriority.Normal, "a", "normal-a");

        Assert.Equal(["high", "normal", "normal-a", "low"], RunOneAtATime(queue, 4));
    }

    [Fact]
    public void Within_a_tenant_calls_start_oldest_first()
    {
        var queue = new FairDispatchQueue<int>(globalCap: 8, perKeyCap: 8);
        foreach (var i in Enumerable.Range(0, 5))
        {
            queue.Enqueue(JobPriority.Normal, "t", i);
        }

        Assert.Equal([0, 1, 2, 3, 4], StartAll(queue).Select(started => started.Item));
    }

    [Fact]
    public void Within_a_tenant_lower_order_starts_first_then_oldest_first()
    {
        // Order = the calling instance's start sequence: chunk 1's next steps, queued after chunk 2's first steps, go first.
        var queue = new FairDispatchQueue<string>(globalCap: 8, perKeyCap: 8);
        queue.Enqueue(JobPriority.Normal, "t", "chunk2-gen-a", order: 2);
        queue.Enqueue(JobPriority.Normal, "t", "chunk2-gen-b", order: 2);
        queue.Enqueue(JobPriority.Normal, "t", "chunk1-embed", order: 1);
        queue.Enqueue(JobPriority.Normal, "t", "chunk1-image", order: 1);
        queue.Enqueue(JobPriority.Normal, "t", "chunk3-gen", order: 3);

        Assert.Equal(["chunk1-embed", "chunk1-image", "chunk2-gen-a", "chunk2-gen-b", "chunk3-gen"], StartAll(queue).Select(s => s.Item));
    }

    [Fact]
    public void Order_applies_within_a_tenant_and_priority_only()
    {
        var queue = new FairDispatchQueue<string>(globalCap: 1, perKeyCap: 1);
        queue.Enqueue(JobPriority.Normal, "a", "a-new", order: 9);
        queue.Enqueue(JobPriority.Low, "b", "b-oldest-low", order: 1);
        queue.Enqueue(JobPriority.Normal, "b", "b-old", order: 2);
        queue.Enqueue(JobPriority.Normal, "a", "a-old", order: 3);

        // Priority first, tenants in turn ("a" queued first), and only within a tenant the lower order first.
        Assert.Equal(["a-old", "b-old", "a-new", "b-oldest-low"], RunOneAtATime(queue, 4));
    }

    [Fact]
    public void An_order_that_keeps_arriving_low_does_not_break_the_round_robin()
    {
        var queue = new FairDispatchQueue<string>(globalCap: 1, perKeyCap: 1);
        queue.Enqueue(JobPriority.Normal, "a", "a-0", order: 1);
        queue.Enqueue(JobPriority.Normal, "b", "b-0", order: 5);
        Assert.Equal(["a-0"], RunOneAtATime(queue, 1));

        queue.Enqueue(JobPriority.Normal, "a", "a-1", order: 1);
        Assert.Equal(["b-0", "a-1"], RunOneAtATime(queue, 2));
    }

    [Fact]
    public void The_per_tenant_cap_leaves_slots_to_other_tenants()
    {
        var queue = new FairDispatchQueue<string>(globalCap: 4, perKeyCap: 2);
        for (var i = 0; i < 10; i++)
        {
            queue.Enqueue(JobPriority.High, "big", $"big-{i}");
        }

        var started = StartAll(queue);
        Assert.Equal(["big-0", "big-1"], started.Select(s => s.Item));
        Assert.Equal(2, queue.RunningFor("big"));

        queue.Enqueue(JobPriority.Low, "small", "small-0");
        Assert.True(queue.TryStartNext(out var next, out var key));
        Assert.Equal(("small-0", "small"), (next, key));

        // "big" is at its cap: the free slot stays free rather than going to it.
        Assert.False(queue.TryStartNext(out _, out _));
        Assert.Equal(3, queue.Running);

        queue.Complete("big");
        Assert.True(queue.TryStartNext(out next, out _));
        Assert.Equal("big-2", next);
    }

    [Fact]
    public void The_global_cap_holds_across_tenants()
    {
        var queue = new FairDispatchQueue<string>(globalCap: 3, perKeyCap: 3);
        foreach (var tenant in new[] { "a", "b", "c", "d" })
        {
            queue.Enqueue(JobPriority.Normal, tenant, tenant + "-0");
            queue.Enqueue(JobPriority.Normal, tenant, tenant + "-1");
        }

        Assert.Equal(["a-0", "b-0", "c-0"], StartAll(queue).Select(s => s.Item));
        Assert.Equal(3, queue.Running);
        Assert.Equal(5, queue.Waiting);

        queue.Complete("b");
        Assert.Equal(["d-0"], StartAll(queue).Select(s => s.Item));
        queue.Complete("a");
        Assert.Equal(["a-1"], StartAll(queue).Select(s => s.Item));
    }

    [Fact]
    public void Removing_all_waiting_returns_them_and_keeps_running_counts()
    {
        var queue = new FairDispatchQueue<string>(globalCap: 1, perKeyCap: 1);
        queue.Enqueue(JobPriority.Normal, "a", "a-0");
        queue.Enqueue(JobPriority.High, "b", "b-0");
        queue.Enqueue(JobPriority.Low, "a", "a-1");
        Assert.True(queue.TryStartNext(out var first, out _));

        var removed = queue.RemoveAllWaiting();

        Assert.Equal("b-0", first);
        Assert.Equal(["a-0", "a-1"], removed.Order());
        Assert.Equal(0, queue.Waiting);
        Assert.Equal(1, queue.Running);
        Assert.False(queue.TryStartNext(out _, out _));
    }

    [Fact]
    public void Completing_a_key_with_nothing_running_is_a_bug_caught_loudly()
    {
        var queue = new FairDispatchQueue<string>(globalCap: 1, perKeyCap: 1);
        Assert.Throws<InvalidOperationException>(() => queue.Complete("nobody"));
    }

    private static List<T> RunOneAtATime<T>(FairDispatchQueue<T> queue, int count)
    {
        var order = new List<T>();
        for (var i = 0; i < count; i++)
        {
            Assert.True(queue.TryStartNext(out var item, out var key));
            order.Add(item);
            queue.Complete(key);
        }

        return order;
    }

    private static List<(T Item, string Key)> StartAll<T>(FairDispatchQueue<T> queue)
    {
        var started = new List<(T, string)>();
        while (queue.TryStartNext(out var item, out var key))
        {
            started.Add((item, key));
        }

        return started;
    }
}
