#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: a test that never ends must be cut off by its timeout.
sleep 100000
