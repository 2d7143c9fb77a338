using FlowGrain.FlowGen;

return await FlowGenCommand.RunAsync(args, Console.Out, Console.Error);
