using FlowGrain.Abstractions.Flows;
using FlowGrain.Grains.Aggregation;
using static FlowGrain.Grains.Tests.TestFlows;

namespace FlowGrain.Grains.Tests.Aggregation;

/// <summary>
/// Closed windows keep their rows in columns with the owner's shared keys and label sets: they read back exactly
/// as they went in, share one instance of each key across windows, and give it up when the last window expires.
/// </summary>
public sealed class CompactWindowTests
{
    [Fact]
    public void Columns_read_back_every_row_as_it_was_packed()
    {
        var flows = new[]
        {
            Flow(Key(port: 1), T0, Counters(packetsIn: 1, packetsOut: 2, bytesIn: 3, bytesOut: 4, started: 5, completed: 6, live: 7), Labels("a=1"), Labels("b=2")),
            Flow(Key(source: "pub-*", sourceNs: "", sourceType: EndpointType.NetworkSet, dest: "db-*", destNs: "data", destType: EndpointType.Network,
                    port: 2, proto: "udp", reporter: Reporter.Dst, action: FlowAction.Deny, service: "db", serviceNs: "data", servicePortName: "pg",
                    servicePort: 5432, policies: Enforced(Hit("allow-web"))),
                T0, Counters(bytesIn: long.MaxValue), Labels(), Labels("c=3")),
        };

        var pools = new OwnerInterning(64);
        var columns = FlowColumns.Pack(T0, T0 + Width, 0, flows, pools);

        Assert.Equal(flows.OrderBy(f => pools.Keys.TryFind(f.Key, out var slot) ? slot : -1), columns);
        Assert.Equal(2, columns.Count);
    }

    [Fact]
    public void Equal_keys_and_label_sets_from_different_reports_share_one_instance_counted_per_use()
    {
        var pools = new OwnerInterning(64);
        var first = FlowColumns.Pack(T0, T0 + Width, 0, [Flow(Key(), T0, sourceLabels: Labels("a=1"))], pools);
        var second = FlowColumns.Pack(T0 + Width, T0 + (2 * Width), 1, [Flow(Key(), T0 + Width, sourceLabels: Labels("a=1"))], pools);

        Assert.Same(first[0].Key, second[0].Key);
        Assert.Same(first[0].SourceLabels, second[0].SourceLabels);
        Assert.Equal(1, pools.Keys.Count);
        Assert.Equal(2, pools.Keys.WindowsOf(first.SlotAt(0)));

        first.Release(pools, 0);
        Assert.Equal(1, pools.Keys.Count); // the second window still holds it
        second.Release(pools, 1);
        Assert.Equal(0, pools.Keys.Count);
        Assert.Equal(0, pools.Labels.Count);
    }

    [Fact]
    public void Distinct_keys_share_their_names_and_policy_trace_until_the_last_key_using_them_leaves()
    {
        var pools = new OwnerInterning(64);
        var trace = Enforced(Hit("allow-web"));
        var columns = FlowColumns.Pack(T0, T0 + Width, 5,
            [Flow(Key(port: 1, policies: trace), T0), Flow(Key(port: 2, source: string.Concat("client", "-*"), policies: Enforced(Hit("allow-web"))), T0)], pools);

        Assert.Same(columns[0].Key.SourceName, columns[1].Key.SourceName);
        Assert.Same(columns[0].Key.Policies, columns[1].Key.Policies);
        Assert.Equal(1, pools.Traces.Count);

        columns.Release(pools, 5);
        Assert.Equal(0, pools.Names.Count);
        Assert.Equal(0, pools.Traces.Count);
    }

    [Fact]
    public void A_pool_value_released_more_often_than_interned_is_ignored_and_a_new_equal_value_takes_its_place()
    {
        var pool = new InternPool<LabelSet>();
        var original = Labels("a=1");
        pool.Intern(original);
        pool.Release(original);
        pool.Release(original);

        var replacement = Labels("a=1");
        Assert.Same(replacement, pool.Intern(replacement));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Expired_windows_leave_no_keys_in_the_owner_pool_and_unique_keys_stay_exact()
    {
        var ring = Ring();
        for (var w = 0; w < 3; w++)
        {
            var start = T0 + (w * Width);
            ring.Ingest([Bytes(Key(port: 1), start, 10), Bytes(Key(port: 100 + w), start, 10)], start + 1);
        }

        Assert.Equal(3, ring.CloseDue("app", T0 + (3 * Width) + 60).Count);

        Assert.Equal(4, ring.CountUniqueKeys()); // port 1 in every window, once

        var afterRetention = T0 + (3 * Width) + (long)TimeSpan.FromHours(2).TotalSeconds;
        ring.Expire(afterRetention);
        Assert.Equal(0, ring.CountUniqueKeys());
        Assert.True(ring.IsEmpty);
    }

    [Fact]
    public void A_late_report_amends_its_closed_window_and_the_pool_counts_the_key_once_for_it()
    {
        var ring = Ring();
        var key = Key(port: 7);
        ring.Ingest([Bytes(key, T0, 10)], T0 + 1);
        Assert.Single(ring.CloseDue("app", T0 + Width + 60));

        ring.Ingest([Bytes(key, T0, 5, node: "node-2"), Bytes(Key(port: 8), T0, 1, node: "node-2")], T0 + Width + 61);

        var window = Assert.Single(ring.Views(T0, T0 + Width));
        Assert.True(window.Closed);
        Assert.Equal(15, BytesIn(window, key));
        Assert.Equal(2, ring.CountUniqueKeys());
        ring.Expire(T0 + (long)TimeSpan.FromHours(2).TotalSeconds);
        Assert.Equal(0, ring.CountUniqueKeys());
    }
}
