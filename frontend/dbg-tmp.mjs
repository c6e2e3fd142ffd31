import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
page.on('response', async (r) => { if (r.status() >= 400) console.log(r.status(), r.url(), (await r.text()).slice(0, 300)); });
const base = 'http://127.0.0.1:7291';
const res = await (await fetch(base + '/api/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: process.argv[2], password: 'StoreSync!2026' }) })).json();
await page.addInitScript((t) => localStorage.setItem('storesync.session', JSON.stringify(t)), res);
for (const p of process.argv[3].split(',')) { await page.goto(base + p); await page.waitForTimeout(1500); }
await browser.close();
