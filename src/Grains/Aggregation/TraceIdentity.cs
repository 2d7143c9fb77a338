using System.Runtime.CompilerServices;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// Policy traces (with a reporter) by instance: an owner's traces are pooled, so this is equality without hashing
/// every hit; two equal traces that are not the same instance cost one entry more, never a wrong sum.
/// </summary>
internal sealed class TraceIdentity : IEqualityComparer<(PolicyTrace Trace, Reporter Reporter)>
{
    public static readonly TraceIdentity Instance = new();

    public bool Equals((PolicyTrace Trace, Reporter Reporter) x, (PolicyTrace Trace, Reporter Reporter) y) =>
        ReferenceEquals(x.Trace, y.Trace) && x.Reporter == y.Reporter;

    public int GetHashCode((PolicyTrace Trace, Reporter Reporter) value) =>
        HashCode.Combine(RuntimeHelpers.GetHashCode(value.Trace), value.Reporter);
}
