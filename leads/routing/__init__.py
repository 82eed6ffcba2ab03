"""Lead routing: the brokerage's ordered rules decide which agent gets each lead, and say why.

models.py (rules, members, availability, offers), decide.py (the pure decision), services.py
(route, re-route, re-offer: the writes), offers.py (claiming an offer, expiring broadcasts),
selectors.py (reads), apis.py (agents' offers and availability). Other apps call
leads.routing.services, leads.routing.offers and leads.routing.selectors.
"""
