using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Tests.Ai.Resilience;

/// <summary>The order alone: tenants in turn, each tenant's most urgent and oldest first.</summary>
public sealed class FairWaitQueueTests
{
    private static List<string> Drain(FairWaitQueue<string> queue)
    {
        var order = new List<string>();
        while (queue.TryPeek(out var next))
        {
            Assert.Equal(next, queue.Dequeue());
            order.Add(next);
        }

        Assert.Equal(0, queue.Count);
        return order;
    }

    [Fact]
    public void Tenants_take_turns_and_each_gives_its_most_urgent_oldest_waiter()
    {
        var queue = new FairWaitQueue<string>();
        queue.Enqueue(new AdmissionKey("a", JobPriority.Low), "a-low");
        queue.Enqueue(new AdmissionKey("a", JobPriority.High), "a-high-1");
        queue.Enqueue(new AdmissionKey("b"), "b-normal-1");
        queue.Enqueue(new AdmissionKey("a", JobPriority.High), "a-high-2");
        queue.Enqueue(new AdmissionKey("b"), "b-normal-2");
        queue.Enqueue(new AdmissionKey("a"), "a-normal");
        queue.Enqueue(AdmissionKey.System, "system");

        Assert.Equal(7, queue.Count);
        Assert.Equal(["a-high-1", "b-normal-1", "system", "a-high-2", "b-normal-2", "a-normal", "a-low"], Drain(queue));
    }

    [Fact]
    public void A_tenant_that_starts_waiting_later_joins_the_rotation_at_the_back()
    {
        var queue = new FairWaitQueue<string>();
        queue.Enqueue(new AdmissionKey("a"), "a-1");
        queue.Enqueue(new AdmissionKey("a"), "a-2");
        queue.Enqueue(new AdmissionKey("b"), "b-1");
        Assert.Equal("a-1", queue.Dequeue());

        queue.Enqueue(new AdmissionKey("c"), "c-1"); // behind b, whose turn is next, and behind a, served just now
        queue.Enqueue(new AdmissionKey("b"), "b-2");

        Assert.Equal(["b-1", "a-2", "c-1", "b-2"], Drain(queue));
    }

    [Fact]
    public void A_removed_waiter_leaves_its_tenants_place_in_the_rotation_unchanged_and_an_emptied_tenant_drops_out()
    {
        var queue = new FairWaitQueue<string>();
        var a1 = queue.Enqueue(new AdmissionKey("a"), "a-1");
        queue.Enqueue(new AdmissionKey("a"), "a-2");
        var b1 = queue.Enqueue(new AdmissionKey("b"), "b-1");
        queue.Enqueue(new AdmissionKey("c"), "c-1");

        Assert.True(queue.Remove(a1)); // a keeps the front: its next waiter goes first
        Assert.True(queue.Remove(b1)); // b has nobody left
        Assert.False(queue.Remove(b1));

        Assert.Equal(2, queue.Count);
        Assert.Equal(["a-2", "c-1"], Drain(queue));
    }

    [Fact]
    public void Calls_without_a_tenant_share_one_lane_of_their_own()
    {
        var queue = new FairWaitQueue<string>();
        queue.Enqueue(AdmissionKey.System, "system-1");
        queue.Enqueue(new AdmissionKey(""), "system-2");
        queue.Enqueue(new AdmissionKey("a"), "a-1");

        Assert.Equal(["system-1", "a-1", "system-2"], Drain(queue));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Enqueue(new AdmissionKey("a", (JobPriority)7), "unknown"));
    }
}
