//! End-to-end tests of Buddy against the real OpenClaw CLI (installed by `tests/run.sh`).

mod audit;
mod auth;
mod bots_models;
mod channels;
mod chat_proxy;
mod cli_runner;
mod envelope;
mod experts;
mod heal;
mod modules;
mod product;
mod sandbox;
mod skills;
mod status;
mod websockets;
