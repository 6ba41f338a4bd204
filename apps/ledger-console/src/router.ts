import { createRouter, createWebHashHistory } from 'vue-router';
import { loadMe, mayOpen, session } from './session.js';

// Hash history: the console is one index.html, wherever a proxy mounts it, with no server rewrites.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignIn.vue'), meta: { open: true } },
    { path: '/', name: 'dashboard', component: () => import('./views/Dashboard.vue'), meta: { screen: 'dashboard' } },
    { path: '/projects', name: 'projects', component: () => import('./views/Projects.vue'), meta: { screen: 'projects' } },
    { path: '/projects/new', name: 'new-project', component: () => import('./views/NewProject.vue'), meta: { screen: 'projects' } },
    { path: '/projects/:id', name: 'project', component: () => import('./views/ProjectPage.vue'), meta: { screen: 'projects' } },
    { path: '/finance', name: 'finance', component: () => import('./views/Finance.vue'), meta: { screen: 'finance' } },
    { path: '/townships', name: 'townships', component: () => import('./views/Townships.vue'), meta: { screen: 'townships' } },
    { path: '/assessment', name: 'assessment', component: () => import('./views/Assessment.vue'), meta: { screen: 'assessment' } },
    { path: '/setup', name: 'setup', component: () => import('./views/Setup.vue'), meta: { screen: 'setup' } },
    { path: '/audit', name: 'audit', component: () => import('./views/Audit.vue'), meta: { screen: 'audit' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.open) return true;
  if (!session.me) await loadMe().catch(() => null);
  if (!session.me) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  const screen = typeof to.meta.screen === 'string' ? to.meta.screen : 'dashboard';
  return mayOpen(screen) ? true : { name: 'dashboard' };
});
