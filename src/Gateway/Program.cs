using FlowGrain.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(CommandLineSwitches.Expand(args));
builder.AddFlowGrainCluster();
builder.AddFlowGrainEndpoints();
builder.Services.AddFlowGrainGateway(builder.Configuration);

var app = builder.Build();
app.MapFlowGrainGateway();
app.Run();

/// <summary>The gateway's entry point; public so functional tests can host it.</summary>
public partial class Program;
