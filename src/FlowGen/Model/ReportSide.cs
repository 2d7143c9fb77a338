using FlowGrain.Protocol;

namespace FlowGrain.FlowGen.Model;

/// <summary>A conversation as one node reports it: as its source (Src) or its destination (Dst).</summary>
internal sealed record ReportSide(SimConversation Conversation, Reporter Reporter)
{
    /// <summary>The node that reports this side, or null when no Calico node runs that end.</summary>
    public int? Node => Reporter == Reporter.Src ? Conversation.Source.Node : Conversation.Dest.Node;

    public SimVerdict Verdict => Reporter == Reporter.Src ? Conversation.SourceSide : Conversation.DestSide;

    /// <summary>What makes two sides the same flow key on one node (Felix aggregates replicas by generateName).</summary>
    public string Identity =>
        $"{Reporter}|{Conversation.Source.Namespace}/{Conversation.Source.Name}|{Conversation.Dest.Namespace}/{Conversation.Dest.Name}|{Conversation.DestPort}/{Conversation.Proto}|{Verdict.Action}";

    /// <summary>Both reportable sides of a conversation.</summary>
    public static IEnumerable<ReportSide> Of(SimConversation conversation)
    {
        if (conversation.Source.Node is not null) yield return new ReportSide(conversation, Reporter.Src);
        if (conversation.Dest.Node is not null) yield return new ReportSide(conversation, Reporter.Dst);
    }
}
