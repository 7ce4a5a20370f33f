//! End-to-end tests of Buddy against the real OpenClaw CLI (installed by `tests/run.sh`).

mod audit;
mod auth;
mod bot_files;
mod bots;
mod bots_models;
mod bots_top;
mod channels;
mod chat;
mod chat_proxy;
mod cli_runner;
mod contract;
mod envelope;
mod experts;
mod gateway;
mod heal;
mod model_test;
mod models;
mod modules;
mod plugins;
mod product;
mod sandbox;
mod sessions;
mod skills;
mod status;
mod websockets;
