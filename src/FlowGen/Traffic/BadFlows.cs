using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Traffic;

/// <summary>Updates a collector must refuse: no key, negative counters, an undefined enum value, an oversized name.</summary>
internal static class BadFlows
{
    public static FlowUpdate Make(int index, long start) => (index % 4) switch
    {
        0 => new FlowUpdate { Flow = new Flow { StartTime = start, EndTime = start, BytesIn = 1 } },
        1 => new FlowUpdate { Flow = new Flow { Key = Key(), StartTime = start, EndTime = start, BytesIn = -5 } },
        2 => new FlowUpdate { Flow = new Flow { Key = Key(action: (FlowGrain.Protocol.Action)42), StartTime = start, EndTime = start } },
        _ => new FlowUpdate { Flow = new Flow { Key = Key(name: new string('x', 5000)), StartTime = start, EndTime = start } },
    };

    private static FlowKey Key(FlowGrain.Protocol.Action action = FlowGrain.Protocol.Action.Allow, string name = "bad-client") => new()
    {
        SourceName = name,
        SourceNamespace = "invalid",
        DestName = "target",
        DestNamespace = "invalid",
        Proto = "tcp",
        Reporter = Reporter.Src,
        Action = action,
    };
}
