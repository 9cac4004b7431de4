"""Label Studio: local server, labeling config, push with predictions, pull, exports, agreement,
learning from annotations. Modules: server, config, tasks, pull, export, agreement, learn."""
